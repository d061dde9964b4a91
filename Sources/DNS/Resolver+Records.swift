extension Resolver {
    /// TXT records at `name`; throws on a bogus answer.
    package func txt(_ name: String) throws(DNSError) -> DNSRecords<TXTRecord> {
        let answer = try query(name, .txt)
        try answer.requireValidated()
        var records: [TXTRecord] = []
        for rdata in answer.rdata { records.append(try TXTRecord(rdata: rdata)) }
        return DNSRecords(
            name: answer.name,
            nameExists: answer.nameExists,
            records: records,
            canonicalName: answer.canonicalName,
            dnssec: answer.dnssec
        )
    }

    /// The CAA RRset at `name` (aliases followed, RFC 8659 §3); throws on a bogus answer.
    package func caa(_ name: String) throws(DNSError) -> DNSRecords<CAARecord> {
        let answer = try query(name, .caa)
        try answer.requireValidated()
        var records: [CAARecord] = []
        for rdata in answer.rdata { records.append(try CAARecord(rdata: rdata)) }
        return DNSRecords(
            name: answer.name,
            nameExists: answer.nameExists,
            records: records,
            canonicalName: answer.canonicalName,
            dnssec: answer.dnssec
        )
    }
}
