#pragma once
// The report's stylesheet, inline so the file needs nothing else. Colours are paired with symbols
// (survives black-and-white printing and colour blindness); the palette is Okabe-Ito.
namespace hitoku::html {

inline constexpr const char* kReportStyle = R"CSS(
@page { size: A4; margin: 14mm 12mm; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK JP", "Noto Sans JP", "IPAexGothic", "Hiragino Sans", sans-serif;
       font-size: 10.5pt; color: #111; margin: 0 auto; max-width: 200mm; line-height: 1.45; }
h1 { font-size: 16pt; margin: 0 0 4pt; }
h2 { font-size: 13pt; border-bottom: 2px solid #333; margin: 18pt 0 6pt; break-after: avoid; }
h3 { font-size: 11pt; margin: 12pt 0 4pt; break-after: avoid; }
table { border-collapse: collapse; margin: 4pt 0 8pt; }
th, td { border: 1px solid #777; padding: 2pt 5pt; vertical-align: top; }
th { background: #eee; font-weight: 600; text-align: left; }
tr { break-inside: avoid; }
.verdict { border: 4px solid; padding: 10pt 14pt; font-size: 22pt; font-weight: 700; margin: 10pt 0; }
.verdict.pass { border-color: #0072B2; color: #0072B2; }
.verdict.fail { border-color: #D55E00; color: #D55E00; }
.verdict .verdict-text { white-space: nowrap; }
.verdict .unchecked { display: inline-block; white-space: nowrap; margin-left: 12pt; font-size: 13pt; color: #555; }
.verdict small { display: block; font-size: 10.5pt; font-weight: 400; color: #111; }
td.nowrap, #rules th, #rules td:nth-child(-n+2), #findings th, #findings td:nth-child(-n+2), #intervals th { white-space: nowrap; }
tr.group th { background: #f6f6f6; font-weight: 700; }
#findings td:nth-child(3) { min-width: 11em; }  /* the cell, readable beside a long reason */
[class^="state-"] { white-space: nowrap; }
.state-pass { color: #0072B2; font-weight: 700; }
.state-fail { color: #D55E00; font-weight: 700; }
.state-warn { color: #8a6d00; font-weight: 700; }
.state-not_checked { color: #555; font-weight: 700; }
table.grid td { text-align: right; min-width: 3.2em; white-space: nowrap; }
table.grid th.row { white-space: nowrap; }
table.grid .d1 { padding-left: 1.2em; } table.grid .d2 { padding-left: 2.4em; } table.grid .d3 { padding-left: 3.6em; }
td.total, th.total { font-weight: 700; }
td.sup-user { background: #e3eef8; }
td.sup-primary { background: #cfe3f3; }
td.sup-secondary { background: #fbe7c6; }
td.merged { background: #e4f3ea; }
td.violation { outline: 3px solid #D55E00; outline-offset: -3px; background: #fde2d3; }
.mark { font-size: 8pt; vertical-align: super; margin-left: 1pt; }
.legend td, .legend th { font-size: 9.5pt; }
.confidential-banner { position: fixed; top: 0; left: 0; right: 0; background: #D55E00; color: #fff;
       text-align: center; font-weight: 700; padding: 2pt; z-index: 10; }
body.confidential { padding-top: 20pt; }
.hash { font-family: "Noto Sans Mono CJK JP", monospace; font-size: 8pt; word-break: break-all; }
.note { color: #444; font-size: 9.5pt; }
.certificate { font-size: 9.5pt; }
.exception { font-size: 9.5pt; font-weight: 700; color: #8a6d00; }
)CSS";

}  // namespace hitoku::html
