// Syntax check for PowerShell scripts, with no PowerShell at hand: parses each file with the
// tree-sitter PowerShell grammar (npm: tree-sitter, tree-sitter-powershell) and reports every
// error or missing node as FILE:LINE:COLUMN. A grammar, not PowerShell's own parser: it catches
// unbalanced brackets, quotes and here-strings and broken statements, not unknown cmdlets.
//
//   node scripts/check-powershell.mjs NODE_MODULES_DIR FILE...     (exit 1 on any error)
//
// FILE may be a README-style Markdown file: then each ```powershell block is checked.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import path from 'node:path';

const [modules, ...files] = process.argv.slice(2);
const require = createRequire(path.resolve(modules, 'x.js'));
const load = async (name) => (await import(pathToFileURL(require.resolve(name)).href)).default;
const Parser = await load('tree-sitter');
const PowerShell = await load('tree-sitter-powershell');
const parser = new Parser();
parser.setLanguage(PowerShell);

// [first line number, source] for each script in a file.
function scripts(file) {
  const text = readFileSync(file, 'utf8');
  if (!file.endsWith('.md')) return [[1, text]];
  const found = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() !== '```powershell') continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && lines[end].trim() !== '```') end++;
    found.push([start + 1, lines.slice(start, end).join('\n') + '\n']);
    i = end;
  }
  return found;
}

let errors = 0;
let checked = 0;
for (const file of files) {
  for (const [first, source] of scripts(file)) {
    checked++;
    const walk = (node) => {
      if (node.type === 'ERROR' || node.isMissing) {
        errors++;
        const what = node.isMissing ? `missing ${node.type}` : `cannot parse \`${node.text.slice(0, 40)}\``;
        console.log(`${file}:${first + node.startPosition.row}:${node.startPosition.column + 1}: ${what}`);
      }
      node.children.forEach(walk);
    };
    walk(parser.parse(source).rootNode);
  }
}
console.log(`${checked} PowerShell script(s) checked, ${errors} syntax error(s)`);
process.exit(errors || checked === 0 ? 1 : 0);
