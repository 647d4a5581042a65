import Foundation
import Glibc
import StepwiseHandlerPackages
import Synchronization

/// Watches directories with inotify and reports changed paths in debounced batches. It
/// watches directories, not files: editors that save by writing a new file and renaming it
/// over the old one replace the file's inode, and a watch on the file would go with it.
final class DirectoryWatcher: Sendable {
    private let fd: Int32
    private let debounce: Double
    private let onChange: @Sendable ([String]) -> Void
    private let watches = Mutex<[Int32: Watch]>([:])

    private struct Watch {
        var directory: String
        var recursive: Bool
    }

    static let mask = UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE)

    /// `onChange` is called on the watcher's thread with the paths that changed, at most once
    /// per `debounce` seconds of quiet.
    init(debounce: Double = 0.05, onChange: @escaping @Sendable ([String]) -> Void) throws(SpawnError) {
        fd = inotify_init1(Int32(IN_CLOEXEC | IN_NONBLOCK))
        guard fd >= 0 else { throw SpawnError(description: "inotify is unavailable: \(String(cString: strerror(errno)))") }
        self.debounce = debounce
        self.onChange = onChange
        Thread.detachNewThread { [self] in run() }
    }

    /// Watches `directory` (and, if `recursive`, its subdirectories except hidden ones,
    /// including ones created later). Watching a directory again is harmless.
    func watch(_ directory: String, recursive: Bool) {
        let descriptor = inotify_add_watch(fd, directory, Self.mask)
        guard descriptor >= 0 else { return }
        watches.withLock { $0[descriptor] = Watch(directory: directory, recursive: recursive || ($0[descriptor]?.recursive ?? false)) }
        guard recursive, let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for name in names where !ChangeFilter.skipsDirectory(name) {
            let path = (directory as NSString).appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                watch(path, recursive: true)
            }
        }
    }

    private func run() {
        var pending: Set<String> = []
        var deadline = Date.distantFuture
        while true {
            let timeout = pending.isEmpty ? -1 : Int32(max(0, deadline.timeIntervalSinceNow * 1000).rounded(.up))
            let ready = FileDescriptor.waitReadable([fd], timeout: timeout)
            if ready.contains(fd) {
                let changed = readEvents()
                if !changed.isEmpty {
                    pending.formUnion(changed)
                    deadline = Date().addingTimeInterval(debounce)
                }
            }
            if !pending.isEmpty, Date() >= deadline {
                onChange(pending.sorted())
                pending = []
            }
        }
    }

    /// Reads the queued events; returns the paths they name (noise left out).
    private func readEvents() -> [String] {
        var paths: [String] = []
        while true {
            let bytes = FileDescriptor.read(fd)
            guard !bytes.isEmpty else { return paths }
            var offset = 0
            let header = MemoryLayout<inotify_event>.size
            while offset + header <= bytes.count {
                let (descriptor, mask, length) = bytes.withUnsafeBytes { buffer in
                    let event = buffer.loadUnaligned(fromByteOffset: offset, as: inotify_event.self)
                    return (event.wd, event.mask, Int(event.len))
                }
                let nameBytes = bytes[(offset + header)..<min(bytes.count, offset + header + length)].prefix { $0 != 0 }
                offset += header + length
                let name = String(decoding: nameBytes, as: UTF8.self)
                if mask & UInt32(IN_IGNORED) != 0 {
                    watches.withLock { _ = $0.removeValue(forKey: descriptor) }
                    continue
                }
                guard let watched = watches.withLock({ $0[descriptor] }), !name.isEmpty else { continue }
                let path = (watched.directory as NSString).appendingPathComponent(name)
                let isDirectory = mask & UInt32(IN_ISDIR) != 0
                if isDirectory, watched.recursive, mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0, !ChangeFilter.skipsDirectory(name) {
                    watch(path, recursive: true)
                }
                if !ChangeFilter.isNoise(name) { paths.append(path) }
            }
        }
    }
}
