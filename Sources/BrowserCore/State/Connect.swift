import TechWolfAPI

/// Submitting the connect form, and asking for a new token mid-session.
enum Connect {
    /// Validates the form; with no errors, asks the runner to prove the token with `/version`.
    static func submit(_ state: inout AppState) -> [Effect] {
        state.form.generalError = nil
        switch state.form.validate() {
        case .invalid(let errors):
            state.form.errors = errors
            if let first = ConnectForm.Field.allCases.first(where: { errors[$0] != nil }) { state.form.focus = first }
            Connect.showForm(&state)
            return []
        case .valid(let request):
            state.form.errors = [:]
            state.connecting = true
            state.connectingTo = request.origin.label
            return [.connect(request, state.startRequest("connect"))]
        }
    }

    /// The connect form on top of where the user is (once).
    static func showForm(_ state: inout AppState) {
        if !(state.top is ConnectScreen) { state.push(ConnectScreen()) }
    }

    /// A 401 in the middle of a session: ask for a new token on top of where the user is, so that after
    /// reconnecting they are back in exactly the same place.
    static func requireNewToken(_ message: String, _ state: inout AppState) {
        state.form.errors[.token] = message
        state.form.focus = .token
        state.form.values[.token] = TextField("", limit: 16_384)
        // The rejected token must not be offered again.
        state.form.presetToken = nil
        Connect.showForm(&state)
    }
}
