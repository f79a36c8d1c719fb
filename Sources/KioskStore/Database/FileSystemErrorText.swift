import Foundation

/// The short POSIX reason ("No such file or directory") behind a Foundation file error.
enum FileSystemErrorText {
    static func reason(_ error: any Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError,
           underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        if nsError.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(nsError.code)))
        }
        switch (error as? CocoaError)?.code {
        case .fileReadNoSuchFile?, .fileNoSuchFile?: return "no such file"
        case .fileReadNoPermission?, .fileWriteNoPermission?: return "permission denied"
        case .fileWriteVolumeReadOnly?: return "read-only file system"
        case .fileWriteOutOfSpace?: return "no space left on device"
        default: return nsError.localizedDescription
        }
    }
}
