import type { ReactNode } from 'react';

/**
 * A data table too wide for a narrow screen (320 CSS px, or 400 % zoom) scrolls sideways in its own
 * region rather than the page (WCAG 1.4.10): the region is named and focusable, so a keyboard user
 * can scroll it with the arrow keys and a screen reader announces what it holds.
 */
export const TableRegion = ({
  label,
  className,
  children,
}: {
  label: string;
  className?: string;
  children: ReactNode;
}) => (
  <div
    className={`table-scroll${className ? ` ${className}` : ''}`}
    role="region"
    aria-label={label}
    tabIndex={0}
  >
    {children}
  </div>
);
