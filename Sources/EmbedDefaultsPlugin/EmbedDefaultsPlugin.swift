import Foundation
import PackagePlugin

/// Embeds the package's top-level `Templates/` and `Content/` into the Site module, so the `vouch`
/// binary carries its default pages and mail wherever it is installed, while the two folders stay
/// the single editable source.
///
/// A prebuild command, run before every build, rather than a build command: a build command's
/// input list is fixed when the plugin is evaluated, so a file added or removed later would be
/// missed (or fail the build as a missing input). The script rewrites its output only when a file
/// changed, so an unchanged tree recompiles nothing.
@main
struct EmbedDefaultsPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let root = context.package.directoryURL
        let output = context.pluginWorkDirectoryURL.appending(path: "generated")
        return [
            .prebuildCommand(
                displayName: "Embedding Templates/ and Content/",
                executable: URL(fileURLWithPath: "/bin/sh"),
                arguments: [root.appending(path: "scripts/embed-defaults.sh").path, output.path, root.path],
                outputFilesDirectory: output
            )
        ]
    }
}
