import CRMDomain
import CRMTransport

extension TokenRole {
    /// The token role that allows acting as a rep of `role`.
    init(_ role: RepRole) {
        switch role {
        case .rep: self = .rep
        case .manager: self = .manager
        case .admin: self = .admin
        }
    }
}
