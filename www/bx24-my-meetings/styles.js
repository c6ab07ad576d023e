// The element's styles, adopted by its shadow root: they neither leak into
// the app's page nor take its rules. A constructed stylesheet needs no
// `style-src 'unsafe-inline'`. Text colours meet WCAG 2.1 AA (4.5:1) on
// their backgrounds; the busy state changes no colour, so it stays legible.
const CSS = `
:host { display: block; color: #333; font: 14px/1.4 -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
[hidden] { display: none !important; }
* { box-sizing: border-box; }
.widget { max-width: 640px; margin: 0 auto; padding: 12px; background: #fff; }
.head { display: flex; align-items: center; justify-content: space-between; gap: 8px; border-bottom: 2px solid #2fc6f6; padding-bottom: 8px; }
.title { font-size: 18px; margin: 0; font-weight: 600; }
.day__title { font-size: 13px; text-transform: uppercase; letter-spacing: .03em; color: #5d6670; margin: 16px 0 6px; font-weight: 600; }
.note { color: #5d6670; }
.error { background: #fff1f0; border-left: 3px solid #b3261e; padding: 8px 10px; margin: 10px 0; }
.day__head { display: flex; align-items: baseline; justify-content: space-between; gap: 0 8px; flex-wrap: wrap; }
.day__count { color: #5d6670; font-size: 12px; margin-inline-end: auto; }
.day__actions { display: flex; gap: 4px; flex-wrap: wrap; }
.day__progress { display: block; width: 100%; height: 4px; accent-color: #00709e; }
.day__list { list-style: none; margin: 0; padding: 0; }
.meeting { display: grid; grid-template-columns: 1fr auto; gap: 6px 10px; padding: 10px 0; border-bottom: 1px solid #e6e9ec; }
.meeting[aria-busy="true"] { border-inline-start: 3px solid #2fc6f6; padding-inline-start: 6px; }
.meeting__main { display: flex; flex-direction: column; min-width: 0; }
.meeting__time, .meeting__location { color: #5d6670; font-size: 12px; overflow-wrap: anywhere; }
.meeting__name { font-weight: 600; overflow-wrap: anywhere; }
.badge { align-self: start; font-size: 11px; font-weight: 600; padding: 2px 8px; border-radius: 10px; white-space: nowrap; background: #e6e9ec; }
.badge[data-status="Y"] { background: #eef8d4; color: #3d6b00; }
.badge[data-status="N"] { background: #ffe7e6; color: #b3261e; }
.badge[data-status="Q"] { background: #fff3dc; color: #7a5200; }
.badge[data-status="H"] { background: #e0f7fe; color: #005f80; }
.meeting__actions { grid-column: 1 / -1; display: flex; flex-wrap: wrap; gap: 6px; }
.meeting__result { grid-column: 1 / -1; font-size: 12px; }
.meeting__result[data-ok="true"] { color: #3d6b00; }
.meeting__result[data-ok="false"] { color: #b3261e; }
button { font: inherit; border-radius: 2px; cursor: pointer; }
.meeting__actions button { border: 1px solid #00709e; background: #fff; color: #00709e; padding: 4px 12px; min-height: 32px; }
.meeting__actions button[aria-pressed="true"] { background: #00709e; color: #fff; }
button[aria-disabled="true"] { cursor: progress; border-style: dashed; }
.link { border: 0; background: none; color: #00709e; padding: 4px 6px; min-height: 28px; text-decoration: underline; text-underline-offset: 2px; }
.day__actions .link { font-size: 12px; }
button:focus-visible, [tabindex="-1"]:focus-visible { outline: 3px solid #0b66c3; outline-offset: 2px; }
.sr-only { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
@media (forced-colors: active) { .meeting__actions button[aria-pressed="true"] { border-width: 3px; } }
`;

let sheet;

/** One stylesheet shared by every instance of the element. */
export function styles() {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
  }
  return sheet;
}
