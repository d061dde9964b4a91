/// One validated answer: the records of one name and type (aliases followed), with its DNSSEC state.
package struct DNSAnswer: Sendable, Hashable {
    /// The name asked for, without the trailing dot.
    package let name: String
    package let type: RecordType
    /// False for NXDOMAIN: the name does not exist at all.
    package let nameExists: Bool
    /// The rdata of each record, in wire form; empty for NXDOMAIN and NODATA.
    package let rdata: [[UInt8]]
    /// The name the records were found at when aliases (CNAME, DNAME) were followed.
    package let canonicalName: String?
    package let dnssec: DNSSECState
    /// Why validation failed, as the resolver says it, when `dnssec` is bogus.
    package let whyBogus: String?

    package init(
        name: String,
        type: RecordType,
        nameExists: Bool,
        rdata: [[UInt8]],
        canonicalName: String?,
        dnssec: DNSSECState,
        whyBogus: String?
    ) {
        self.name = name
        self.type = type
        self.nameExists = nameExists
        self.rdata = rdata
        self.canonicalName = canonicalName
        self.dnssec = dnssec
        self.whyBogus = whyBogus
    }

    /// Throws unless the answer validated or is provably unsigned: a bogus answer is a failure,
    /// never a pass (TLS BR 3.2.2.8.1 and 3.2.2.4: DNSSEC validation to the IANA root).
    package func requireValidated() throws(DNSError) {
        guard dnssec != .bogus else {
            throw DNSError(
                .bogus,
                "the DNSSEC signatures of \(type) \(name) do not validate (bogus)"
                    + (whyBogus.map { ": \($0)" } ?? "")
                    + "; the zone's operator must fix its signatures before this name can be checked"
            )
        }
    }
}

/// Records of one type at one name, already parsed, with the DNSSEC state they came with.
package struct DNSRecords<Record: Sendable & Hashable>: Sendable, Hashable {
    package let name: String
    package let nameExists: Bool
    package let records: [Record]
    package let canonicalName: String?
    package let dnssec: DNSSECState

    package init(name: String, nameExists: Bool, records: [Record], canonicalName: String?, dnssec: DNSSECState) {
        self.name = name
        self.nameExists = nameExists
        self.records = records
        self.canonicalName = canonicalName
        self.dnssec = dnssec
    }
}
