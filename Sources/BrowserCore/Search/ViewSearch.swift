import TechWolfAPI

/// A search inside a view (`/` on a record, its JSON, an employee, a vacancy or help): what was typed and
/// which match is current. The matches themselves are found again in what the view draws whenever they
/// are needed, so they follow a reload, a resize and the wrapping that comes with it.
public struct ViewSearch: Equatable, Sendable {
    public let query: String
    /// The query folded (`SearchFolding`).
    let needle: [Unicode.Scalar]
    /// Which match is current; kept inside the matches there are when it is read (`currentIndex`).
    public var current = 0

    public init(query: String) {
        self.query = query
        needle = SearchFolding.scalars(query)
    }

    /// `current` within `count` matches.
    func currentIndex(count: Int) -> Int { max(0, min(current, count - 1)) }
}

/// One match as drawn: the columns it covers on each document line (more than one when it spans a wrap).
struct SearchMatch: Equatable {
    struct Span: Equatable {
        let line: Int
        let columns: Range<Int>
    }

    var spans: [Span]
    var lines: ClosedRange<Int> { spans[0].line...spans[spans.count - 1].line }
}

/// Where `/` finds text: the lines of a document as a screen draws them from column `left` (every line,
/// not only those on screen), each cut where the frame cuts it.
struct SearchDocument {
    var lines: [StyledLine]
    var left: Int
}

enum SearchIndex {
    /// Every match of `needle` in the document as it is drawn in a frame `width` columns wide, in reading
    /// order and not overlapping. A line and the wrapped lines that continue it are searched as one, so a
    /// word broken by the wrap is still found; what a cut line leaves out ("…") is not.
    static func matches(_ needle: [Unicode.Scalar], in document: SearchDocument, width: Int) -> [SearchMatch] {
        guard !needle.isEmpty else { return [] }
        var found: [SearchMatch] = []
        // One logical line at a time: its folded scalars, each with the cell it was drawn in.
        var folded: [Unicode.Scalar] = []
        var cells: [(line: Int, column: Int, width: Int)] = []
        func search() {
            var i = 0
            while i + needle.count <= folded.count {
                var j = 0
                while j < needle.count && folded[i + j] == needle[j] { j += 1 }
                if j == needle.count {
                    found.append(SearchMatch(spans: spans(cells[i..<(i + needle.count)])))
                    i += needle.count
                } else {
                    i += 1
                }
            }
            folded.removeAll(keepingCapacity: true)
            cells.removeAll(keepingCapacity: true)
        }
        for (index, line) in document.lines.enumerated() {
            if !line.continuation { search() }
            drawnClusters(line, left: document.left, width: width) { cluster, column, columns in
                for scalar in cluster.unicodeScalars {
                    SearchFolding.fold(scalar) {
                        folded.append($0)
                        cells.append((index, column, columns))
                    }
                }
            }
        }
        search()
        return found
    }

    /// The cells a run of matched scalars was drawn in, as one span per line.
    static func spans(_ cells: ArraySlice<(line: Int, column: Int, width: Int)>) -> [SearchMatch.Span] {
        var out: [SearchMatch.Span] = []
        for cell in cells {
            let columns = cell.column..<(cell.column + cell.width)
            if let last = out.last, last.line == cell.line {
                out[out.count - 1] = SearchMatch.Span(line: cell.line, columns: min(last.columns.lowerBound, columns.lowerBound)..<max(last.columns.upperBound, columns.upperBound))
            } else {
                out.append(SearchMatch.Span(line: cell.line, columns: columns))
            }
        }
        return out
    }

    /// The grapheme clusters of `line` that `Frame.put` shows when the line is drawn segment after segment
    /// from column `left` up to one column short of `width`, each with its column and width; a continuation
    /// line's indent is left out. Mirrors `put`: secrets redacted, zero-width clusters skipped, a segment
    /// that does not fit cut one column early for its "…".
    static func drawnClusters(_ line: StyledLine, left: Int, width: Int, _ body: (Character, Int, Int) -> Void) {
        var x = left
        for (i, segment) in line.segments.enumerated() {
            let limit = width - x - 1
            guard limit > 0 else { return }
            let text = SecretRedaction.shared.redact(segment.0)
            let total = TextWidth.of(text)
            let fits = total <= limit
            if line.continuation && i == 0 {
                x += min(total, limit)
                continue
            }
            let end = x + limit - (fits ? 0 : 1)
            var column = x
            for cluster in text {
                let w = TextWidth.of(cluster)
                if w == 0 { continue }
                if column + w > end { break }
                body(cluster, column, w)
                column += w
            }
            if !fits { return }
            x = column
        }
    }
}
