import Foundation
import Testing
import VouchTestSupport

@testable import Site

/// One loader for the page and the mail templates: every file of a folder parsed once, by name,
/// the operator's files over the built-in ones, errors as file:line:column.
@Suite struct TemplateSetTests {
    @Test func mailAndPagesLoadFromTheBuiltInTemplates() throws {
        let mail = try TemplateSet(TemplateLibrary.templates(overriding: nil), folder: "mail")
        #expect(mail.contains("welcome") && mail.contains("challenge") && !mail.contains("layout"))
        let text = try mail.render("assured", ["assurer": "Ann", "after": 35, "caName": "Test CA"], folder: "mail")
        #expect(text.contains("Ann assured you: 35 assurance points"))
        let site = try TemplateSet(TemplateLibrary.templates(overriding: nil), folder: "site")
        #expect(site.contains("layout") && !site.contains("welcome"))
        #expect(throws: SiteError.self) { try mail.render("no-such-mail", [String: Any](), folder: "mail") }
    }

    @Test func anOperatorsBrokenMailTemplateIsNamedByFileAndLine() throws {
        let folder = try TemporaryDirectory("vouch-templates")
        let mail = folder.file("mail")
        try FileManager.default.createDirectory(at: mail, withIntermediateDirectories: true)
        try Data("Subject: x\n\n{{#open}} never closed\n".utf8).write(
            to: mail.appendingPathComponent("welcome.mustache")
        )
        #expect {
            try MailTemplates().set(overriding: folder.url)
        } throws: { error in
            let reason = (error as? SiteError)?.reason ?? ""
            return reason.contains("welcome.mustache:") && reason.contains(folder.url.lastPathComponent)
        }
    }
}
