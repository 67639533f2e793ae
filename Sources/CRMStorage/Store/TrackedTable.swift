/// The tables the change log may name. Generic SQL (undo, before images) takes table
/// names only from this fixed list, never from stored or user text.
enum TrackedTable: String, CaseIterable, Sendable {
    case reps, customers, customerAliases = "customer_aliases", contacts, contactAliases = "contact_aliases"
    case contactRoles = "contact_roles", contactNeeds = "contact_needs"
    case activities, orders, payments, tasks, complaints, referrals, objections
    case stageChanges = "stage_changes"
    case deals, quotas
    case deletedCustomers = "deleted_customers"
}

/// What a change did to one row.
enum RowOperation: String, Sendable { case insert, update, delete }
