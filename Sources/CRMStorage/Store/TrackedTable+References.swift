/// How the rows of each tracked table concern a customer or a contact, for undo's
/// dependency check. Names come only from these literals, never from stored text.
extension TrackedTable {
    /// Columns that hold a customer id (for `customers`, the row's own id).
    var customerColumns: [String] {
        switch self {
        case .reps, .contactAliases, .contactRoles, .contactNeeds, .quotas: return []
        case .customers: return ["id"]
        case .customerAliases, .contacts, .activities, .orders, .payments, .tasks, .complaints, .objections,
            .stageChanges, .deals, .deletedCustomers:
            return ["customer_id"]
        case .referrals: return ["from_customer_id", "to_customer_id"]
        }
    }

    /// Columns that hold a contact id (for `contacts`, the row's own id).
    var contactColumns: [String] {
        switch self {
        case .reps, .customers, .customerAliases, .orders, .payments, .complaints, .stageChanges, .deals, .quotas,
            .deletedCustomers:
            return []
        case .contacts: return ["id"]
        case .contactAliases, .contactRoles, .contactNeeds, .activities, .tasks, .objections: return ["contact_id"]
        case .referrals: return ["from_contact_id", "to_contact_id"]
        }
    }
}
