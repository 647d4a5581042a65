/// Called between the cases of a long CPU-bound test. Swift Testing runs tests side by side on
/// the cooperative pool, one thread per core; a test that never suspends holds its thread, and
/// other tests' wall-clock timers (heartbeats, timeouts) fall behind it.
public func shareThePool() async {
    await Task.yield()
}
