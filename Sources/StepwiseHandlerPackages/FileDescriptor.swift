import CStepwiseProcess
import Glibc
import StepwiseHandlerABI

/// Small helpers over raw descriptors: handler hosts talk over pipes, and the shell
/// multiplexes stdin, pipes and inotify with `poll`, which Foundation's handles do not offer.
package enum FileDescriptor {
    /// A pipe whose ends close on exec, so children never inherit them by accident.
    package static func pipe() -> (read: Int32, write: Int32)? {
        var fds: [Int32] = [0, 0]
        guard stepwise_pipe_cloexec(&fds) == 0 else { return nil }
        return (fds[0], fds[1])
    }

    /// Writes every byte, retrying on EINTR and short writes (as the handler host writes its lines).
    package static func writeAll(_ fd: Int32, _ bytes: [UInt8]) { HostLine.writeAll(bytes, to: fd) }

    /// Reads what is available (up to `capacity`); empty at end of file or on error.
    package static func read(_ fd: Int32, capacity: Int = 65_536) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: capacity)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, capacity) }
            if count < 0, errno == EINTR { continue }
            return count > 0 ? Array(buffer.prefix(count)) : []
        }
    }

    /// Empties a non-blocking wake-up pipe.
    package static func drain(_ fd: Int32) {
        var buffer = [UInt8](repeating: 0, count: 256)
        while buffer.withUnsafeMutableBytes({ Glibc.read(fd, $0.baseAddress, 256) }) > 0 {}
    }

    package static func setNonBlocking(_ fd: Int32) {
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
    }

    /// Waits until one of `fds` is readable (or hung up); returns the readable ones.
    /// `timeout` in milliseconds, -1 for none.
    package static func waitReadable(_ fds: [Int32], timeout: Int32 = -1) -> Set<Int32> {
        var polls = fds.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
        while true {
            let result = poll(&polls, nfds_t(polls.count), timeout)
            if result < 0, errno == EINTR { continue }
            guard result > 0 else { return [] }
            return Set(polls.filter { $0.revents & Int16(POLLIN | POLLHUP | POLLERR) != 0 }.map(\.fd))
        }
    }
}
