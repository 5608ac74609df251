import TechWolfAPI

/// What `y`, `Y` and `c` act on: the record or row under the cursor, or the employee or vacancy a screen
/// shows. Records and rows go through `Copying` as they always have; employees and vacancies use the same
/// size rule and message.
public enum CopyTarget: Equatable, Sendable {
    case selection(Selection)
    case employee(String)
    case vacancy(String)
}

enum CopyTargets {
    static func copyID(_ target: CopyTarget?, _ state: inout AppState) -> [Effect] {
        switch target {
        case .selection(let selection)?: return Copying.copyID(selection, &state)
        case .employee(let id)?: return Copying.copyID(id, "employee ID", &state)
        case .vacancy(let id)?: return Copying.copyID(id, "vacancy ID", &state)
        case nil: return []
        }
    }

    static func copyJSON(_ target: CopyTarget?, _ state: inout AppState) -> [Effect] {
        // JSONPrinter escapes every control and bidi character, so the copy is inert wherever it is pasted.
        switch target {
        case .selection(let selection)?: return Copying.copyJSON(selection.interactionKey, &state)
        case .employee(let id)?:
            guard let employee = state.employees[id]?.value else { return notLoaded(&state) }
            return Copying.copy(JSONPrinter.pretty(employee.raw), "employee \(id) as JSON", &state)
        case .vacancy(let id)?:
            guard case .resolved(let vacancy)? = state.vacancies[id] else { return notLoaded(&state) }
            return Copying.copy(JSONPrinter.pretty(vacancy.raw), "vacancy \(id) as JSON", &state)
        case nil: return []
        }
    }

    static func copyCurl(_ target: CopyTarget?, _ state: inout AppState) -> [Effect] {
        let version = state.connection?.apiVersion
        switch target {
        case .selection(let selection)?: return Copying.copyCurl(selection.interactionKey, &state)
        case .employee(let id)?:
            guard let base = state.connection?.baseURL, !base.isEmpty else { return [] }
            return Copying.copyCurl(&state) { () throws(ValidationError) in try CurlCommand.employee(baseURL: base, employee: id, apiVersion: version) }
        case .vacancy(let id)?:
            guard let base = state.connection?.baseURL, !base.isEmpty else { return [] }
            return Copying.copyCurl(&state) { () throws(ValidationError) in try CurlCommand.vacancy(baseURL: base, vacancy: id, apiVersion: version) }
        case nil: return []
        }
    }

    private static func notLoaded(_ state: inout AppState) -> [Effect] {
        state.show("nothing to copy: it is not loaded", .warning)
        return []
    }
}
