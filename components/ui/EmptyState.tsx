import type { ComponentChildren, JSX } from "preact";

/** The drawings an empty state may show; decorative, hidden from assistive technology. */
export type EmptyIcon = "orders" | "chart" | "search";

export interface EmptyStateProps {
  icon: EmptyIcon;
  title: string;
  /** The heading level that fits the page's outline (default 2). */
  level?: 2 | 3;
  /** What to do about it, in a sentence or two. */
  children?: ComponentChildren;
  /** A button or link that gets the user started. */
  action?: ComponentChildren;
}

/** A friendly, centred "nothing here yet": a drawing, a heading, a sentence and one action. */
export function EmptyState({ icon, title, level = 2, children, action }: EmptyStateProps) {
  const Heading = level === 2 ? "h2" : "h3";
  return (
    <div class="empty-state">
      <svg class="empty-state-icon" viewBox="0 0 48 48" width="48" height="48" aria-hidden="true" focusable="false">
        {ICONS[icon]}
      </svg>
      <Heading class="empty-state-title">{title}</Heading>
      {children !== undefined && <div class="empty-state-body">{children}</div>}
      {action !== undefined && <div class="empty-state-action">{action}</div>}
    </div>
  );
}

const ICONS: Record<EmptyIcon, JSX.Element> = {
  orders: (
    <>
      <path d="M8 16 24 8l16 8v18L24 42 8 34Z" />
      <path d="M8 16l16 8 16-8M24 24v18" />
    </>
  ),
  chart: (
    <>
      <path d="M8 40h32" />
      <path d="M12 40V28h6v12M21 40V18h6v22M30 40V24h6v16" />
    </>
  ),
  search: (
    <>
      <circle cx="21" cy="21" r="11" />
      <path d="m29 29 10 10" />
    </>
  ),
};
