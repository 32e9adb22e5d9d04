/** Sidecar's spend over the last seven days, one bar a day (today last), with the week's total. */
export function SpendChart({ days }: { days: { day: number; credits: number }[] }) {
  const max = Math.max(1, ...days.map((day) => day.credits));
  const total = days.reduce((sum, day) => sum + day.credits, 0);
  const label = (day: number) => new Date(day).toLocaleDateString([], { weekday: 'short' });
  return (
    <figure className="spend-chart" aria-label={`Credits spent by Sidecar over the last 7 days: ${total}`}>
      <div className="bars" role="list">
        {days.map((day) => (
          <div className="bar" role="listitem" key={day.day} aria-label={`${label(day.day)}: ${day.credits} credits`}>
            <span className="bar-fill" style={{ height: `${Math.round((day.credits / max) * 100)}%` }} />
            <span className="bar-label" aria-hidden="true">
              {label(day.day).slice(0, 2)}
            </span>
          </div>
        ))}
      </div>
      <figcaption className="muted small" data-testid="spent-week">
        {total} {total === 1 ? 'credit' : 'credits'} this week
      </figcaption>
    </figure>
  );
}
