// Placeholder so the module compiles while the store is being written.
enum _CRMStoragePlaceholder {}
