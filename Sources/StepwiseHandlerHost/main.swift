// stepwise-handler-host [--memory-limit BYTES] LIBRARY: loads one handler library and serves
// the shell's requests (JSON lines, see HostMessages) until its stdin closes, then lets running
// calls finish and exits. It is a separate process so that a handler that traps, or allocates
// past the memory limit, takes down only this host.
import Dispatch
import StepwiseHandlerABI
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes protocol lines to the descriptor that was stdout when the host started.
final class ProtocolWriter: Sendable {
    let descriptor: Int32
    private let lock = Mutex(())

    init(descriptor: Int32) { self.descriptor = descriptor }

    func send<T: Encodable>(_ message: T) {
        guard let line = try? HostLine.encode(message) else { return }
        lock.withLock { _ in HostLine.writeAll(line, to: descriptor) }
    }
}

// Ctrl-C in the shell's terminal is for the shell: the host must outlive it.
signal(SIGINT, SIG_IGN)
// Handlers that print must not corrupt the protocol: stdout becomes stderr for them.
let writer = ProtocolWriter(descriptor: dup(STDOUT_FILENO))
dup2(STDERR_FILENO, STDOUT_FILENO)

var arguments = CommandLine.arguments.dropFirst()
if arguments.first == "--memory-limit" {
    arguments.removeFirst()
    // Set before the library is loaded, so that none of its code runs unbounded. The limit is
    // on address space: whatever the allocator, a handler cannot map more than this.
    guard let bytes = arguments.popFirst().flatMap({ rlim_t($0) }) else {
        writer.send(HostGreeting(failure: "--memory-limit takes a number of bytes"))
        exit(2)
    }
    #if canImport(Glibc)
    let addressSpace = __rlimit_resource_t(RLIMIT_AS.rawValue)
    #else
    let addressSpace = RLIMIT_AS
    #endif
    var limit = rlimit(rlim_cur: bytes, rlim_max: bytes)
    guard setrlimit(addressSpace, &limit) == 0 else {
        writer.send(HostGreeting(failure: "cannot limit memory to \(bytes) bytes: \(String(cString: strerror(errno)))"))
        exit(1)
    }
}
guard arguments.count == 1, let path = arguments.first else {
    writer.send(HostGreeting(failure: "usage: stepwise-handler-host [--memory-limit BYTES] LIBRARY.so"))
    exit(2)
}
let library: HandlerLibrary
do {
    library = try HandlerLibrary(path: path)
} catch {
    writer.send(HostGreeting(failure: error.description))
    exit(1)
}
writer.send(HostGreeting(handlers: library.keys))

let running = DispatchGroup()
while let line = readLine(strippingNewline: true) {
    guard !line.isEmpty else { continue }
    guard let request = try? HostLine.decode(HostRequest.self, from: Array(line.utf8)) else {
        let message = "stepwise-handler-host: ignoring a line that is not a request: \(line.prefix(200))\n"
        _ = message.withCString { write(STDERR_FILENO, $0, strlen($0)) }
        continue
    }
    running.enter()
    Task.detached {
        let outcome = await library.invoke(request.handler, input: Array(request.input.utf8))
        writer.send(HostResponse(id: request.id, outcome: outcome))
        running.leave()
    }
}
running.wait()
exit(0)
