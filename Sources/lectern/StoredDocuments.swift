import Catalog
import Foundation
import Ingest
import LecternCore

extension DocumentStore {
    /// Reads and stores `files` (`attach`, `reference add`), in the order given; a file that is
    /// missing or refused is said in one line naming it, and counted.
    func storeSaying(_ files: [String], role: AttachmentRole?) -> (stored: [(String, NewAttachment)], failed: Int) {
        var failed = 0
        for file in files where !FileManager.default.fileExists(atPath: file) {
            Output.error(file, "文件不存在")
            failed += 1
        }
        let results = store(files.filter { FileManager.default.fileExists(atPath: $0) }, role: role)
        var stored: [(String, NewAttachment)] = []
        for file in files {
            switch results[file] {
            case .success(let a): stored.append((file, a))
            case .failure(let failure):
                Output.error(file, failure.message)
                failed += 1
            case nil: break
            }
        }
        return (stored, failed)
    }
}
