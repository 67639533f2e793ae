import CRMDomain

extension StoreError {
    /// Turns any error thrown inside the store into a ``StoreError`` with a polite message
    /// and the engine detail (code, message, SQL; never bound values) as context.
    init(mapping error: any Error) {
        switch error {
        case let e as StoreError:
            self = e
        case let e as SQLiteError:
            self.init(sqlite: e)
        case let e as RowDecodingError:
            self.init(
                .corrupt, "The database holds a value crmbot cannot read; the file may be damaged.",
                context: e.description)
        default:
            self.init(.other, "Something went wrong in the database.", context: String(describing: error))
        }
    }

    init(sqlite e: SQLiteError) {
        let context = e.description
        if ResultCode.constraint ~= e.code, e.message.contains("FOREIGN KEY") {
            self.init(.constraint, "That refers to a record that does not exist, or one still in use.", context: context)
            return
        }
        switch e.code {
        case .constraintForeignKey:
            self.init(.constraint, "That refers to a record that does not exist, or one still in use.", context: context)
        case .constraintUnique, .constraintPrimaryKey:
            self.init(.constraint, "That already exists.", context: context)
        case .constraint:
            self.init(.constraint, "That breaks a rule of the data and was not saved.", context: context)
        case .busy, .locked:
            self.init(.busy, "The database is busy with another writer; please try again in a moment.", context: context)
        case .readOnly:
            self.init(.readOnly, "The database cannot be written (it is read-only).", context: context)
        case .corrupt, .notADatabase:
            self.init(.corrupt, "The database file is damaged or is not a crmbot database.", context: context)
        case .cantOpen:
            self.init(.cannotOpen, "The database file cannot be opened.", context: context)
        case .ioError, .full:
            self.init(.io, "The disk could not be read or written (it may be full).", context: context)
        default:
            self.init(.other, "The database reported an error.", context: context)
        }
    }
}
