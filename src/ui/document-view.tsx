// A printed document's accessible HTML version (RGAA 13.3): the same model as its PDF
// (src/domain/document-model.ts) as headings, paragraphs, lists and tables whose headers are
// marked (th, scope) and captioned, in French, readable offline.
import { Fragment, useId } from 'react';

import type { DocBlock, DocModel } from '../domain/document-model';
import { TableRegion } from './table-region';

const Block = ({ block }: { block: DocBlock }) => {
  switch (block.kind) {
    case 'paragraph':
      return <p>{block.strong ? <strong>{block.text}</strong> : block.text}</p>;
    case 'list':
      return (
        <ul>
          {block.items.map((item, i) => (
            <li key={i}>{item}</li>
          ))}
        </ul>
      );
    case 'signature':
      return <p>{block.text}</p>;
    case 'qr':
      return (
        <p>
          {block.label} : <a href={block.url}>{block.url}</a>
        </p>
      );
    case 'table':
      return (
        <TableRegion label={block.caption}>
          <table>
            <caption>{block.caption}</caption>
            <thead>
              <tr>
                {block.columns.map((c, i) => (
                  <th key={i} scope="col">
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {block.rows.map((row, i) => (
                <tr key={i}>
                  <th scope="row">
                    {row.header}
                    {row.note ? <span className="muted"> ({row.note})</span> : null}
                  </th>
                  {row.cells.map((cell, j) => (
                    <td key={j}>{cell.text}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      );
  }
};

/** The document: its title at `level`, each section one level below. */
export const DocumentView = ({ model, level = 2 }: { model: DocModel; level?: 1 | 2 }) => {
  const id = useId();
  const Title = level === 1 ? 'h1' : 'h2';
  const Heading = level === 1 ? 'h2' : 'h3';
  return (
    <article lang="fr" className="document-view" aria-labelledby={`${id}-title`} data-testid="document-html">
      <Title id={`${id}-title`}>{model.title}</Title>
      {model.blocks.map((block, i) => (
        <Block key={i} block={block} />
      ))}
      {model.sections.map((section, i) => (
        <section key={i} aria-labelledby={`${id}-s${i}`}>
          <Heading id={`${id}-s${i}`}>{section.heading}</Heading>
          {section.blocks.map((block, j) => (
            <Fragment key={j}>
              <Block block={block} />
            </Fragment>
          ))}
        </section>
      ))}
    </article>
  );
};
