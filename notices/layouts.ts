/**
 * The two layouts every notice is rendered in: plain text (compiled with `noEscape`) and an HTML document
 * (compiled with HTML escaping). Both are Handlebars templates over the notice's view (NoticeView in
 * notices/render.ts), whose `paragraphs` are already rendered for that layout: the HTML layout inserts them with
 * `{{{ }}}` because they were escaped when rendered, value by value.
 *
 * A block tag alone on its line takes its line break with it (Handlebars' standalone rule), so each optional line
 * sits between an `{{#if}}` and a `{{/if}}` on lines of their own.
 */

/** Plain text: references, greeting, paragraphs wrapped at 72 columns, the NAT's facts, signature, last line. */
export const TEXT_LAYOUT = `{{#if urgent}}
*** {{labels.nat.urgentBanner}} ***

{{/if}}
{{#unless isNat}}
{{labels.case}}{{labels.colon}} {{caseId}}
{{#if gcmsNumber}}
{{labels.gcms}}{{labels.colon}} {{gcmsNumber}}
{{/if}}
{{#if visaOffice}}
{{labels.visaOffice}}{{labels.colon}} {{visaOffice}}
{{/if}}
{{#if streamLabel}}
{{labels.stream}}{{labels.colon}} {{streamLabel}}
{{/if}}

{{/unless}}
{{greeting}}

{{#each paragraphs}}
{{wrap this}}

{{/each}}
{{#if isNat}}
{{labels.nat.heading}}
{{#if natNumber}}
{{labels.nat.number}}{{labels.colon}} {{natNumber}}
{{/if}}
{{#if amends}}
{{labels.nat.amends}}{{labels.colon}} {{amends}}
{{/if}}
{{labels.case}}{{labels.colon}} {{caseId}}
{{#if gcmsNumber}}
{{labels.gcms}}{{labels.colon}} {{gcmsNumber}}
{{/if}}
{{#if arrivalDate}}
{{labels.nat.arrivalDate}}{{labels.colon}} {{date arrivalDate}}
{{/if}}
{{#if arrivalInstant}}
{{labels.nat.arrivalTime}}{{labels.colon}} {{time arrivalInstant}}
{{else}}
{{labels.nat.arrivalTime}}{{labels.colon}} {{labels.nat.toBeConfirmed}}
{{/if}}
{{#if portOfEntry}}
{{labels.nat.portOfEntry}}{{labels.colon}} {{portOfEntry}}
{{/if}}
{{#if destination}}
{{labels.nat.destination}}{{labels.colon}} {{destination}}
{{/if}}
{{#if sponsor}}
{{labels.nat.sponsor}}{{labels.colon}} {{sponsor.name}}{{#if sponsor.groupId}} ({{labels.nat.groupId}} {{sponsor.groupId}}){{/if}}
{{/if}}
{{#if urgentText}}
{{labels.nat.urgent}}{{labels.colon}} {{urgentText}}
{{/if}}
{{#if travellers}}

{{labels.nat.travellers}}{{labels.colon}}
{{#each travellers}}
  - {{familyName}}, {{givenNames}} – {{@root.labels.nat.dateOfBirth}}{{@root.labels.colon}} {{date dateOfBirth}}
{{/each}}
{{/if}}
{{#if flights}}

{{labels.nat.flights}}{{labels.colon}}
{{#each flights}}
  - {{carrier}} {{number}}, {{from}} → {{to}}
    {{@root.labels.nat.departure}}{{@root.labels.colon}} {{datetime departure}}
    {{@root.labels.nat.arrival}}{{@root.labels.colon}} {{datetime arrival}}
{{/each}}
{{else}}

{{labels.nat.flights}}{{labels.colon}} {{labels.nat.toBeConfirmed}}
{{/if}}

{{/if}}
{{labels.closing}}

{{#each labels.signature}}
{{this}}
{{/each}}

{{wrap labels.automatic " " caseId}}
`;

// Inline styles: mail clients drop <style> blocks and external sheets.
const TABLE = 'border-collapse:collapse;margin:0 0 16px;';
const TH = 'text-align:left;vertical-align:top;padding:4px 12px 4px 0;font-weight:bold;';
const TH_COL = 'text-align:left;padding:4px 12px 4px 0;border-bottom:1px solid #999;';
const TD = 'vertical-align:top;padding:4px 12px 4px 0;';
const CAPTION = 'text-align:left;font-weight:bold;font-size:17px;padding:8px 0;';

/** An HTML document in the notice's language: title, references or the NAT's tables, paragraphs, signature. */
export const HTML_LAYOUT = `<!DOCTYPE html>
<html lang="{{language}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{subject}}</title>
</head>
<body style="margin:0;padding:24px;background:#ffffff;color:#1b1b1b;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;">
<div style="max-width:680px;">
<h1 style="font-size:20px;line-height:1.3;margin:0 0 16px;">{{subject}}</h1>
{{#if urgent}}
<p style="margin:0 0 16px;padding:8px 12px;border-left:4px solid #a4161a;color:#a4161a;font-weight:bold;">{{labels.nat.urgentBanner}}</p>
{{/if}}
{{#unless isNat}}
<table role="presentation" style="${TABLE}">
<tr><th scope="row" style="${TH}">{{labels.case}}</th><td style="${TD}">{{caseId}}</td></tr>
{{#if gcmsNumber}}
<tr><th scope="row" style="${TH}">{{labels.gcms}}</th><td style="${TD}">{{gcmsNumber}}</td></tr>
{{/if}}
{{#if visaOffice}}
<tr><th scope="row" style="${TH}">{{labels.visaOffice}}</th><td style="${TD}">{{visaOffice}}</td></tr>
{{/if}}
{{#if streamLabel}}
<tr><th scope="row" style="${TH}">{{labels.stream}}</th><td style="${TD}">{{streamLabel}}</td></tr>
{{/if}}
</table>
{{/unless}}
<p style="margin:0 0 12px;">{{greeting}}</p>
{{#each paragraphs}}
<p style="margin:0 0 12px;">{{{this}}}</p>
{{/each}}
{{#if isNat}}
<table style="${TABLE}">
<caption style="${CAPTION}">{{labels.nat.heading}}</caption>
{{#if natNumber}}
<tr><th scope="row" style="${TH}">{{labels.nat.number}}</th><td style="${TD}">{{natNumber}}</td></tr>
{{/if}}
{{#if amends}}
<tr><th scope="row" style="${TH}">{{labels.nat.amends}}</th><td style="${TD}"><strong>{{amends}}</strong></td></tr>
{{/if}}
<tr><th scope="row" style="${TH}">{{labels.case}}</th><td style="${TD}">{{caseId}}</td></tr>
{{#if gcmsNumber}}
<tr><th scope="row" style="${TH}">{{labels.gcms}}</th><td style="${TD}">{{gcmsNumber}}</td></tr>
{{/if}}
{{#if arrivalDate}}
<tr><th scope="row" style="${TH}">{{labels.nat.arrivalDate}}</th><td style="${TD}">{{date arrivalDate}}</td></tr>
{{/if}}
<tr><th scope="row" style="${TH}">{{labels.nat.arrivalTime}}</th><td style="${TD}">{{#if arrivalInstant}}{{time arrivalInstant}}{{else}}{{labels.nat.toBeConfirmed}}{{/if}}</td></tr>
{{#if portOfEntry}}
<tr><th scope="row" style="${TH}">{{labels.nat.portOfEntry}}</th><td style="${TD}">{{portOfEntry}}</td></tr>
{{/if}}
{{#if destination}}
<tr><th scope="row" style="${TH}">{{labels.nat.destination}}</th><td style="${TD}">{{destination}}</td></tr>
{{/if}}
{{#if sponsor}}
<tr><th scope="row" style="${TH}">{{labels.nat.sponsor}}</th><td style="${TD}">{{sponsor.name}}{{#if sponsor.groupId}} ({{labels.nat.groupId}} {{sponsor.groupId}}){{/if}}</td></tr>
{{/if}}
{{#if urgentText}}
<tr><th scope="row" style="${TH}">{{labels.nat.urgent}}</th><td style="${TD}">{{#if urgent}}<strong>{{urgentText}}</strong>{{else}}{{urgentText}}{{/if}}</td></tr>
{{/if}}
</table>
{{#if travellers}}
<table style="${TABLE}">
<caption style="${CAPTION}">{{labels.nat.travellers}}</caption>
<thead><tr><th scope="col" style="${TH_COL}">{{labels.nat.familyName}}</th><th scope="col" style="${TH_COL}">{{labels.nat.givenNames}}</th><th scope="col" style="${TH_COL}">{{labels.nat.dateOfBirth}}</th></tr></thead>
<tbody>
{{#each travellers}}
<tr><td style="${TD}">{{familyName}}</td><td style="${TD}">{{givenNames}}</td><td style="${TD}">{{date dateOfBirth}}</td></tr>
{{/each}}
</tbody>
</table>
{{/if}}
{{#if flights}}
<table style="${TABLE}">
<caption style="${CAPTION}">{{labels.nat.flights}}</caption>
<thead><tr><th scope="col" style="${TH_COL}">{{labels.nat.flight}}</th><th scope="col" style="${TH_COL}">{{labels.nat.route}}</th><th scope="col" style="${TH_COL}">{{labels.nat.departure}}</th><th scope="col" style="${TH_COL}">{{labels.nat.arrival}}</th></tr></thead>
<tbody>
{{#each flights}}
<tr><td style="${TD}">{{carrier}} {{number}}</td><td style="${TD}">{{from}} → {{to}}</td><td style="${TD}">{{datetime departure}}</td><td style="${TD}">{{datetime arrival}}</td></tr>
{{/each}}
</tbody>
</table>
{{else}}
<p style="margin:0 0 12px;"><strong>{{labels.nat.flights}}</strong>{{labels.colon}} {{labels.nat.toBeConfirmed}}</p>
{{/if}}
{{/if}}
<p style="margin:16px 0 12px;">{{labels.closing}}</p>
<p style="margin:0 0 24px;">{{#each labels.signature}}{{this}}{{#unless @last}}<br>{{/unless}}{{/each}}</p>
<p style="margin:0;font-size:13px;color:#595959;">{{labels.automatic}} {{caseId}}</p>
</div>
</body>
</html>
`;
