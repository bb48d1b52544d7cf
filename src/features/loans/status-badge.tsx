import { labelOf } from '../../domain/enums';
import { ITEM_STATUSES, type ItemStatus } from '../../domain/loans';

const tone: Record<ItemStatus, string> = {
  disponible: '',
  prete: ' badge--warning',
  en_reparation: ' badge--warning',
  reforme: ' badge--danger',
  perdu: ' badge--danger',
};

export const StatusBadge = ({ status }: { status: ItemStatus }) => (
  <span className={`badge${tone[status]}`}>{labelOf(ITEM_STATUSES, status)}</span>
);
