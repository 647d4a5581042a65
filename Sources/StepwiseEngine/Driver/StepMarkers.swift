import Foundation

/// Where the engine notes which execution each evaluation thread is stepping, somewhere that
/// outlives the process, so that the next start can tell which execution's step was running
/// when the process died. An execution whose step keeps killing the process is then stopped
/// instead of being resumed into the same crash again (see `Engine.recover()`).
public protocol StepMarkers: AnyObject, Sendable {
    /// Notes that evaluation thread `slot` starts a step of `executionArn`.
    func begin(slot: Int, executionArn: String)
    /// Notes that evaluation thread `slot` finished its step.
    func end(slot: Int)
    /// The executions that were mid-step when the process last ended; clears the notes.
    func takeInterrupted() -> [String]
}

/// Step markers in a small file of fixed slots, written with plain `pwrite`: a process that
/// crashes or is killed leaves its writes in the OS's page cache, so no sync is needed (a power
/// cut loses the markers, and with them only the quarantine of a step that was running then).
/// Two system calls per step.
public final class FileStepMarkers: StepMarkers {
    /// Bytes per slot: more than any execution ARN (at most 256 characters of UTF-8).
    static let slotSize = 1024
    private let descriptor: Int32

    public init(path: String) throws {
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path, NSLocalizedDescriptionKey: String(cString: strerror(errno))])
        }
    }

    deinit { close(descriptor) }

    public func begin(slot: Int, executionArn: String) {
        let bytes = Array(executionArn.utf8.prefix(Self.slotSize - 1)) + [0]
        _ = bytes.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, off_t(slot * Self.slotSize)) }
    }

    public func end(slot: Int) {
        var zero: UInt8 = 0
        _ = pwrite(descriptor, &zero, 1, off_t(slot * Self.slotSize))
    }

    public func takeInterrupted() -> [String] {
        var interrupted: [String] = []
        var slot = [UInt8](repeating: 0, count: Self.slotSize)
        var offset: off_t = 0
        while slot.withUnsafeMutableBytes({ pread(descriptor, $0.baseAddress, Self.slotSize, offset) }) > 0 {
            if let end = slot.firstIndex(of: 0), end > 0 {
                interrupted.append(String(decoding: slot[..<end], as: UTF8.self))
            }
            slot = [UInt8](repeating: 0, count: Self.slotSize)
            offset += off_t(Self.slotSize)
        }
        _ = ftruncate(descriptor, 0)
        return interrupted
    }
}
