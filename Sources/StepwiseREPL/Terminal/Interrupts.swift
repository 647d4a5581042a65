import CLibEdit
import Glibc
import StepwiseHandlerPackages

/// Ctrl-C as a readable descriptor: the SIGINT handler (in the C shim, async-signal-safe)
/// writes a byte to a pipe, and whoever is waiting — the line editor or the command runner —
/// polls it. The shell itself never dies of SIGINT.
public final class Interrupts: Sendable {
    public let readFD: Int32

    public init() {
        guard let (read, write) = FileDescriptor.pipe() else {
            // Without a pipe Ctrl-C keeps its default meaning; the shell still works.
            readFD = -1
            return
        }
        FileDescriptor.setNonBlocking(read)
        FileDescriptor.setNonBlocking(write)
        readFD = read
        _ = stepwise_install_interrupt_handler(write)
    }

    /// Forgets interrupts that arrived while nobody was listening.
    public func clear() {
        if readFD >= 0 { FileDescriptor.drain(readFD) }
    }
}
