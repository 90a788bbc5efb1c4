import { tripsLabel } from '@app/shared';
import { Tag } from './nut';

const COLORS = { zero: '#1a9e5c', one: '#1f5fbf', more: '#d9822b' };

/** 零跑腿 / 最多跑一次 / 最多跑N次 — the reform's own measure, colour-coded. */
export function TripsBadge({ maxTrips }: { maxTrips: number }) {
  const background = maxTrips <= 0 ? COLORS.zero : maxTrips === 1 ? COLORS.one : COLORS.more;
  return (
    <Tag className="trips-badge" background={background} round>
      {tripsLabel(maxTrips)}
    </Tag>
  );
}
