// The glosa extension: starts `glosa lsp` for the Markdown and YAML files of a glosa site and
// leaves everything else to the language server.
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate() {
  const command = vscode.workspace.getConfiguration("glosa").get("path") || "glosa";
  client = new LanguageClient(
    "glosa",
    "glosa",
    { command, args: ["lsp"] },
    {
      documentSelector: [
        { scheme: "file", language: "markdown", pattern: "**/content/**" },
        { scheme: "file", language: "yaml", pattern: "**/content/**" },
      ],
    },
  );
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
