import { Card, Descriptions, Table } from 'antd';
import type { Dossier } from '../api/types';
import { actorLabel } from '../glossary';
import { dateTime, money } from '../format';

type Payment = NonNullable<Dossier['payment']>;

export const PAYMENT_STATUS_TERMS: Record<Payment['status'], string> = {
  AWAITING: 'Chờ nộp',
  PAID: 'Đã nộp',
  WAIVED: 'Được miễn',
  REFUNDED: 'Đã hoàn trả',
  CANCELLED: 'Không thu (hồ sơ dừng trước khi nộp)',
};

export const PAYMENT_METHOD_TERMS: Record<NonNullable<Payment['method']>, string> = { CASH: 'Tiền mặt', BANK_TRANSFER: 'Chuyển khoản', ONLINE: 'Trực tuyến' };

const KIND_TERMS: Record<Payment['lines'][number]['kind'], string> = { PHI: 'Phí', LE_PHI: 'Lệ phí' };

/** The dossier's fees as they stand: what is owed or was paid, how, and any refund with its reason. */
export function PaymentCard({ dossier }: { dossier: Dossier }) {
  const p = dossier.payment;
  if (!p) return null;
  // The refund keeps who gave it by account; the history entry of it has their name.
  const refunder = (by: string) => actorLabel(by, dossier.history.findLast((h) => h.action === 'refund' && h.actor === by)?.actorName);
  return (
    <Card title={<h2 className="card-title">Phí, lệ phí</h2>} style={{ marginTop: 16 }} data-testid="payment">
      <Descriptions column={1} size="small" bordered>
        <Descriptions.Item label="Tình trạng">
          <strong data-testid="payment-status">{PAYMENT_STATUS_TERMS[p.status]}</strong>
        </Descriptions.Item>
        <Descriptions.Item label="Số tiền">{money(p.total)}</Descriptions.Item>
        <Descriptions.Item label="Thu khi">{p.collectAt === 'RECEPTION' ? 'Tiếp nhận hồ sơ' : 'Trả kết quả'}</Descriptions.Item>
        {p.method && <Descriptions.Item label="Hình thức nộp">{PAYMENT_METHOD_TERMS[p.method]}</Descriptions.Item>}
        {p.paidAt && <Descriptions.Item label="Ngày nộp">{dateTime(p.paidAt)}</Descriptions.Item>}
        {p.reference && <Descriptions.Item label="Mã giao dịch">{p.reference}</Descriptions.Item>}
        {(p.overpaymentRefunds ?? []).map((r) => (
          <Descriptions.Item key={r.reference} label="Hoàn trả khoản thu trực tuyến thừa">
            {money(r.amount)} (giao dịch {r.transaction}) — {r.reason} ({dateTime(r.at)}, {refunder(r.by)})
          </Descriptions.Item>
        ))}
        {p.refund && (
          <Descriptions.Item label="Hoàn trả">
            <span data-testid="payment-refund">
              {money(p.refund.amount)} — {p.refund.reason} ({dateTime(p.refund.at)}, {refunder(p.refund.by)})
            </span>
          </Descriptions.Item>
        )}
      </Descriptions>
      <Table
        size="small"
        style={{ marginTop: 12 }}
        pagination={false}
        rowKey="code"
        dataSource={p.lines}
        columns={[
          { title: 'Khoản thu', dataIndex: 'name' },
          { title: 'Loại', key: 'kind', render: (_, l) => KIND_TERMS[l.kind] },
          { title: 'Mức thu', key: 'base', render: (_, l) => money(l.base) },
          { title: 'Miễn, giảm', key: 'exemption', render: (_, l) => (l.exemption ? `${l.exemption.name} (${l.exemption.percent}%)` : '—') },
          { title: 'Phải nộp', key: 'amount', render: (_, l) => money(l.amount) },
        ]}
      />
    </Card>
  );
}
