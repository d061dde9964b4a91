/// Every job, in dependency order: mail in, answers, expiry, mail out, then CRLs, root bundles and
/// the site, which show what the earlier jobs changed.
package enum JobCatalog {
    package static let standard: [any Job] = [
        IntakeJob(), RequestsJob(), DNSJob(), IssuanceJob(), ExpiryJob(), ExpiryNoticeJob(), OutboundJob(), CRLJob(),
        BundlesJob(), SiteJob(),
    ]
}
