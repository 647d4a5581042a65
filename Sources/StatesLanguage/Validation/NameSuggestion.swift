/// The candidate closest to `name` by edit distance (ignoring case), if it is close enough to
/// be a plausible typo: at most a third of the name's length, and at least 2 edits allowed.
/// Ties go to the earliest candidate, so callers pass candidates in document order.
func nearestName(to name: String, among candidates: [String]) -> String? {
    let target = Array(name.lowercased().unicodeScalars)
    var best: (name: String, distance: Int)?
    for candidate in candidates where candidate != name {
        // Only a strictly better candidate can replace the best so far.
        let limit = best.map { $0.distance - 1 } ?? max(2, target.count / 3)
        if let distance = editDistance(target, Array(candidate.lowercased().unicodeScalars), limit: limit) {
            best = (candidate, distance)
        }
    }
    return best?.name
}

/// Levenshtein distance, or nil as soon as it is certain to exceed `limit`, so that comparing a
/// name with many candidates stays cheap.
func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], limit: Int) -> Int? {
    guard limit >= 0, abs(a.count - b.count) <= limit else { return nil }
    var previous = Array(0...b.count)
    for i in a.indices {
        var current = [i + 1] + [Int](repeating: 0, count: b.count)
        for j in b.indices {
            current[j + 1] = min(previous[j] + (a[i] == b[j] ? 0 : 1), previous[j + 1] + 1, current[j] + 1)
        }
        if let smallest = current.min(), smallest > limit { return nil }
        previous = current
    }
    return previous[b.count] <= limit ? previous[b.count] : nil
}
