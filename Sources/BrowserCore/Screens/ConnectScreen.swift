#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import TechWolfAPI

/// The connect form: each field with its value, and under it either its error or a hint. The form itself
/// is shared (`AppState.form`): a rejected token reopens it with what was typed.
public struct ConnectScreen: Screen {
    static let labelWidth = 13

    public init() {}

    public var context: ActionContext { .connect }

    public func breadcrumb(after below: [String], _ app: AppState) -> [String] { ["connect"] }

    public mutating func back(_ app: inout AppState) -> [Effect] {
        if app.connecting {
            app.connecting = false
            app.form.generalError = "cancelled"
            return [.cancelAll]
        }
        if app.stack.count > 1 { return app.pop(resume: false) }
        app.form.generalError = "Connect first, or press Ctrl-C to quit."
        return []
    }

    public mutating func perform(_ action: ActionMatch, typed: String?, _ app: inout AppState) -> [Effect]? {
        // While the token is being checked only Esc (cancel) acts.
        if app.connecting { return [] }
        let fields = ConnectForm.Field.allCases.count
        switch action.action {
        case .nextField:
            app.form.focus = ConnectForm.Field(rawValue: (app.form.focus.rawValue + 1) % fields)!
        case .previousField:
            app.form.focus = ConnectForm.Field(rawValue: (app.form.focus.rawValue + fields - 1) % fields)!
        case .submit:
            return Connect.submit(&app)
        case .cursorByCharacter where action.backward && (app.form.values[app.form.focus]?.cursor ?? 0) == 0:
            // ← at the start of a field leaves the form, back to where the user was.
            return app.stack.count > 1 ? app.pop(resume: false) : []
        default:
            var field = app.form.values[app.form.focus] ?? TextField()
            guard field.edit(action, typed: typed) else { return nil }
            app.form.values[app.form.focus] = field
            app.form.errors[app.form.focus] = nil
        }
        return []
    }

    public func draw(_ state: AppState, area: BodyArea, into frame: inout Frame) {
        let form = state.form
        // Short terminals get one row per field, with the focused field's message below the form, so the
        // field being edited and its error are always on screen.
        let compact = area.height < 16
        var y = area.top + (compact ? 0 : 1)
        frame.put("Connect to a TechWolf tenant", x: 2, y: y, role: .accent)
        y += compact ? 1 : 2
        let fieldX = 2 + Self.labelWidth + 1
        var longError: String?
        let fieldWidth = max(10, min(60, frame.width - fieldX - 2))
        for field in ConnectForm.Field.allCases {
            guard y + 1 < area.bottom else { break }
            let focused = field == form.focus && !state.connecting
            frame.put(field.label, x: 2, y: y, role: focused ? .accent : .label, maxWidth: Self.labelWidth)
            frame.fill(x: fieldX, y: y, width: fieldWidth, role: .input)
            let value = form.values[field] ?? TextField()
            if field == .token && value.isEmpty, let preset = form.presetToken {
                frame.put("\(preset.masked)  (from \(form.presetTokenSource ?? "the environment"); type to replace)", x: fieldX + 1, y: y,
                          role: .input, maxWidth: fieldWidth - 2)
                if focused { frame.cursor = (fieldX + 1, y) }
            } else if value.isEmpty && !focused {
                frame.put(field.placeholder, x: fieldX + 1, y: y, role: .muted, maxWidth: fieldWidth - 2)
            } else if field == .token && !focused {
                frame.put("…" + String(value.text.suffix(4)) + "  (\(value.text.count) characters)", x: fieldX + 1, y: y, role: .input, maxWidth: fieldWidth - 2)
            } else {
                let view = value.viewport(width: fieldWidth - 2, mask: field == .token)
                frame.put(view.text, x: fieldX + 1, y: y, role: .input, maxWidth: fieldWidth - 2, ellipsis: false)
                if focused { frame.cursor = (fieldX + 1 + view.cursorColumn, y) }
            }
            if compact {
                if form.errors[field] != nil { frame.put("✗", x: 0, y: y, role: .error) }
                y += 1
                continue
            }
            if let error = form.errors[field] {
                let text = "✗ " + TerminalText.sanitize(error)
                frame.put(text, x: fieldX, y: y + 1, role: .error, maxWidth: frame.width - fieldX - 1)
                // Too long for the row: in full, wrapped, below the form.
                if TextWidth.of(text) > frame.width - fieldX - 1, longError == nil { longError = "✗ \(field.label): " + TerminalText.sanitize(error) }
            } else if let hint = hint(field, value.text, state) {
                frame.put(hint, x: fieldX, y: y + 1, role: .muted, maxWidth: frame.width - fieldX - 1)
            }
            y += 2
        }
        if compact, !state.connecting, form.generalError == nil {
            let focus = form.focus
            let message = form.errors[focus].map { "✗ \(focus.label): " + TerminalText.sanitize($0) }
                ?? form.errors.sorted { $0.key.rawValue < $1.key.rawValue }.first.map { "✗ \($0.key.label): " + TerminalText.sanitize($0.value) }
                ?? hint(focus, form.value(focus), state)
            if let message { Self.wrapped(message, role: form.errors.isEmpty ? .muted : .error, y: y, area: area, into: &frame) }
            return
        }
        y += compact ? 0 : 1
        if state.connecting {
            frame.put("\(Chrome.spinner[state.spinnerFrame % 4]) checking the token with GET /version… (Esc cancels)", x: 2, y: min(y, area.bottom - 1), role: .accent)
        } else if let general = form.generalError {
            Self.wrapped("✗ " + TerminalText.sanitize(general), role: .error, y: min(y, area.bottom - 1), area: area, into: &frame)
        } else if let longError {
            Self.wrapped(longError, role: .error, y: y, area: area, into: &frame)
        } else if y < area.bottom {
            frame.put("⏎ connects · Tab next field · Ctrl-C quits", x: 2, y: y, role: .muted)
        }
    }

    /// A message wrapped over the rows left below `y`, never cut with "…" while rows remain.
    static func wrapped(_ message: String, role: Role, y: Int, area: BodyArea, into frame: inout Frame) {
        guard y < area.bottom else { return }
        for (i, line) in RecordLayout.wrap(StyledLine(segments: [(message, role)]), width: frame.width - 4, indent: 2).enumerated()
        where y + i < area.bottom {
            var x = 2
            for (text, role) in line.segments { x += frame.put(text, x: x, y: y + i, role: role) }
        }
    }

    func hint(_ field: ConnectForm.Field, _ value: String, _ state: AppState) -> String? {
        switch field {
        case .region:
            return "suggestions: eu3 (EU tenants), us3 (US tenants)"
        case .token:
            let typed = value.isEmpty ? nil : try? AccessToken(value)
            guard let token = typed ?? state.form.presetToken else { return "from TECHWOLF_TOKEN, --token-file or --token-command, or paste it here" }
            if let claims = token.claims {
                return "JWT" + (claims.expiryDescription(now: state.now).map { ", \($0)" } ?? "") + (claims.scopes.isEmpty ? "" : ", scopes: \(claims.scopes.joined(separator: " "))")
            }
            return nil
        case .baseURL:
            return value.isEmpty ? nil : "tenant and region are ignored while a base URL is set"
        default:
            return nil
        }
    }
}
