import AWSSigV4
import Foundation

/// A request as written in the test suite's `request.txt`: a request line, headers (with
/// obsolete line folding allowed), a blank line and an optional body.
struct RawHTTPRequest {
    var method: String
    var path: String
    var query: String
    var headers: [HTTPHeader]
    var body: Data

    struct ParseError: Error, CustomStringConvertible {
        var description: String
    }

    static func parse(_ text: String) throws -> RawHTTPRequest {
        var lines = text.components(separatedBy: "\n").map { $0.hasSuffix("\r") ? String($0.dropLast()) : $0 }
        guard !lines.isEmpty else { throw ParseError(description: "empty request") }
        let requestLine = lines.removeFirst()
        // The target may itself contain spaces (`GET /example space/ HTTP/1.1`): the method ends
        // at the first space and the version starts after the last.
        guard let firstSpace = requestLine.firstIndex(of: " "), let lastSpace = requestLine.lastIndex(of: " "),
              firstSpace < lastSpace else {
            throw ParseError(description: "bad request line '\(requestLine)'")
        }
        let method = String(requestLine[..<firstSpace])
        let target = String(requestLine[requestLine.index(after: firstSpace)..<lastSpace])
        let (path, query) = target.firstIndex(of: "?").map { (String(target[..<$0]), String(target[target.index(after: $0)...])) }
            ?? (target, "")

        var headers: [HTTPHeader] = []
        while !lines.isEmpty {
            let line = lines.removeFirst()
            if line.isEmpty { break }
            if line.first == " " || line.first == "\t" {
                guard !headers.isEmpty else { throw ParseError(description: "continuation line before any header") }
                headers[headers.count - 1].value += "\n" + line
                continue
            }
            guard let colon = line.firstIndex(of: ":") else { throw ParseError(description: "bad header line '\(line)'") }
            headers.append(HTTPHeader(String(line[..<colon]), String(line[line.index(after: colon)...])))
        }
        return RawHTTPRequest(
            method: method, path: path, query: query, headers: headers,
            body: Data(lines.joined(separator: "\n").utf8)
        )
    }

    var signingRequest: SigningRequest {
        SigningRequest(method: method, path: path, query: query, headers: headers, payload: .body(body))
    }
}
