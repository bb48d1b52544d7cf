import { strings } from './strings';
import { useBlobUrl } from './use-blob-url';

/** Download, share (Web Share API with files, where the browser has it) and print the signed PDF. */
export const PdfActions = ({ hash, fileName }: { hash: string; fileName: string }) => {
  const { url, blob, missing, invalid } = useBlobUrl(hash, 'pdf');
  if (missing) return <p className="muted">{strings.loan.pdfMissing}</p>;
  if (invalid)
    return (
      <p className="card card--danger" role="alert">
        {strings.loan.pdfInvalid}
      </p>
    );
  if (!url || !blob) return <p className="loading">{strings.common.loading}</p>;
  const file =
    typeof File === 'function' ? new File([blob], fileName, { type: 'application/pdf' }) : undefined;
  const canShare = Boolean(file && navigator.canShare?.({ files: [file] }));
  return (
    <div className="actions">
      <a className="button" href={url} download={fileName}>
        {strings.loan.download}
      </a>
      {canShare && file ? (
        <button
          type="button"
          className="button button--secondary"
          onClick={() => void navigator.share({ files: [file], title: fileName }).catch(() => undefined)}
        >
          {strings.loan.share}
        </button>
      ) : null}
      <button
        type="button"
        className="button button--secondary"
        onClick={() => {
          // The browser's PDF viewer prints from a hidden frame; if it cannot, the PDF opens instead.
          const frame = document.createElement('iframe');
          frame.title = fileName;
          frame.style.cssText = 'position:fixed;width:0;height:0;border:0;right:0;bottom:0';
          frame.onload = () => {
            try {
              frame.contentWindow?.focus();
              frame.contentWindow?.print();
            } catch {
              window.open(url, '_blank', 'noopener');
            }
            setTimeout(() => frame.remove(), 60_000);
          };
          frame.src = url;
          document.body.appendChild(frame);
        }}
      >
        {strings.loan.print}
      </button>
    </div>
  );
};
