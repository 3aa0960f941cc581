import Foundation
import Hummingbird

/// A form posted to the desk (`application/x-www-form-urlencoded`), decoded by Hummingbird's
/// `URLEncodedFormDecoder` into a type per form. Fields that repeat (checkboxes) are named
/// `name[]` in the pages and arrive as arrays. Every posted form carries its CSRF token.
protocol PostedForm: Decodable, Sendable {
    var csrf: String? { get }
}

extension PostedForm {
    /// `field` trimmed; nil when absent or blank.
    static func text(_ field: String?) -> String? {
        guard let value = field?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
        return value
    }

    /// The form in a request body; a body that is not such a form is a plain 400.
    static func decode(_ body: String) throws -> Self {
        do {
            return try URLEncodedFormDecoder().decode(Self.self, from: body)
        } catch {
            throw HTTPError(.badRequest, message: "表单内容无法识别，请返回上一页重新提交。")
        }
    }
}

/// The login page's form.
struct LoginForm: PostedForm {
    var csrf: String?
    var name: String?
    var password: String?
    var next: String?
}

/// A form that carries nothing but its token (logout).
struct TokenForm: PostedForm {
    var csrf: String?
}

/// A decision on the lecture page.
struct DecisionForm: PostedForm {
    var csrf: String?
    var action: String?
    var reason: [String]?
    var cite: [String]?
    var note: String?
    var deadline: String?
    /// Set when the reviewer confirmed a deadline far beyond the usual horizon.
    var confirmDistant: String?
    /// The rubric, each 1–10, all four or none.
    var content: String?
    var form: String?
    var language: String?
    var effect: String?
}

/// Compares two secrets in time that does not depend on where they differ.
func constantTimeEqual(_ a: String, _ b: String) -> Bool {
    let x = Array(a.utf8), y = Array(b.utf8)
    guard x.count == y.count else { return false }
    var difference: UInt8 = 0
    for i in x.indices { difference |= x[i] ^ y[i] }
    return difference == 0
}
