/**
 * quarterly-<Q>.docx: the editable Word file the office revises before the meeting: a heading per
 * section, its sentences as paragraphs, its tables as Word tables (the charts' figures are the
 * trend tables, as text). A4 portrait.
 */
import {
  AlignmentType,
  Document,
  HeadingLevel,
  Packer,
  PageOrientation,
  Paragraph,
  Table,
  TableCell as DocxCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import type { ReportTable, TableCell } from '../report/index.js';
import type { QuarterlyDocument } from './quarterly-document.js';

const FONT = 'Microsoft JhengHei';

function cellText(c: TableCell): string {
  return c === null ? '' : String(c.value);
}

function docxTable(t: ReportTable): Table {
  const header = new TableRow({
    tableHeader: true,
    children: t.headers.map(
      (h) =>
        new DocxCell({
          children: [new Paragraph({ children: [new TextRun({ text: h, bold: true, font: FONT })] })],
        }),
    ),
  });
  const rows = t.rows.map(
    (r) =>
      new TableRow({
        children: r.map(
          (c) =>
            new DocxCell({
              children: [
                new Paragraph({
                  alignment: c?.kind === 'number' ? AlignmentType.RIGHT : AlignmentType.LEFT,
                  children: [new TextRun({ text: cellText(c), font: FONT })],
                }),
              ],
            }),
        ),
      }),
  );
  return new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows: [header, ...rows] });
}

export async function renderQuarterlyDocx(doc: QuarterlyDocument): Promise<Buffer> {
  const children: (Paragraph | Table)[] = [
    new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun({ text: doc.title, font: FONT })] }),
    new Paragraph({ children: [new TextRun({ text: doc.subtitle, font: FONT })] }),
  ];
  for (const s of doc.sections) {
    children.push(
      new Paragraph({
        heading: HeadingLevel.HEADING_1,
        children: [new TextRun({ text: s.heading, font: FONT })],
      }),
    );
    for (const p of s.paragraphs)
      children.push(new Paragraph({ children: [new TextRun({ text: p, font: FONT })] }));
    children.push(
      new Paragraph({ children: [new TextRun({ text: s.scope, font: FONT, italics: true, size: 18 })] }),
    );
    for (const t of s.tables) {
      children.push(
        new Paragraph({
          heading: HeadingLevel.HEADING_2,
          children: [new TextRun({ text: t.name.replace(/^\d+\s*/, ''), font: FONT })],
        }),
      );
      children.push(docxTable(t));
    }
  }
  const document = new Document({
    creator: 'odsync',
    title: doc.title,
    description: doc.subtitle,
    sections: [
      {
        properties: {
          page: { size: { orientation: PageOrientation.PORTRAIT, width: 11906, height: 16838 } },
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(document);
}
