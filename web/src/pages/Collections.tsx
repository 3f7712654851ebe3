import { useState } from 'react';
import { App, Button, Card, DatePicker, Empty, Form, Input, Modal, Space, Spin, Statistic, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { answer, api } from '../api/http';
import { transition } from '../api/queries';
import type { components } from '../../../shared/client/openapi';
import { hasRole, useSession } from '../auth/session';
import { ProblemAlert } from '../components/ProblemAlert';
import { dateTime, money, todayInVietnam } from '../format';
import { actorLabel } from '../glossary';

type CommuneCollections = components['schemas']['CommuneCollections'];
type Line = CommuneCollections['lines'][number] & { commune: string };
type Owed = CommuneCollections['refundsDue'][number] & { communeName: string };

const KIND_TERMS: Record<Line['kind'], string> = { PHI: 'Phí', LE_PHI: 'Lệ phí' };
const METHOD_TERMS: Record<Line['method'], string> = { CASH: 'Tiền mặt', BANK_TRANSFER: 'Chuyển khoản', ONLINE: 'Trực tuyến' };
const number = (n: number) => String(n).padStart(7, '0');

/** Báo cáo thu phí, lệ phí: the receipts of a period per day, kind and method; the commune's for its leader and desk, every commune's for the province. */
export default function Collections() {
  const session = useSession()!;
  const province = hasRole(session, 'PROVINCE_ADMIN', 'PROVINCE_AUDITOR');
  const today = dayjs(todayInVietnam());
  const [period, setPeriod] = useState<[Dayjs, Dayjs]>([today.startOf('month'), today]);
  const [from, to] = period.map((d) => d.format('YYYY-MM-DD')) as [string, string];
  const report = useQuery({
    queryKey: ['collections', province ? session.claims.province : session.claims.commune, from, to],
    queryFn: async (): Promise<{ communes: CommuneCollections[]; totals: CommuneCollections['totals'] }> => {
      if (province) {
        const r = await answer(api.GET('/v1/provinces/{p}/reports/collections', { params: { path: { p: session.claims.province }, query: { from, to } } }));
        if (typeof r === 'string') throw new Error(r);
        return { communes: r.communes, totals: r.totals };
      }
      const r = await answer(api.GET('/v1/communes/{c}/reports/collections', { params: { path: { c: session.claims.commune! }, query: { from, to } } }));
      if (typeof r === 'string') throw new Error(r);
      return { communes: [r], totals: r.totals };
    },
    retry: false,
  });
  const rows: Line[] = (report.data?.communes ?? []).flatMap((c) => c.lines.map((l) => ({ ...l, commune: c.name ?? c.commune })));
  const owed: Owed[] = (report.data?.communes ?? []).flatMap((c) => c.refundsDue.map((r) => ({ ...r, communeName: c.name ?? c.commune })));
  const leader = hasRole(session, 'LEADER');
  return (
    <Card title={<h2 className="card-title">Báo cáo thu phí, lệ phí</h2>} data-testid="collections">
      <Space wrap style={{ marginBottom: 16 }}>
        <DatePicker.RangePicker
          aria-label="Kỳ báo cáo"
          format="DD/MM/YYYY"
          value={period}
          allowClear={false}
          onChange={(v) => v?.[0] && v[1] && setPeriod([v[0], v[1]])}
        />
      </Space>
      <ProblemAlert error={report.error} message="Không tải được báo cáo thu phí, lệ phí" />
      {report.isPending && <Spin aria-label="Đang tải báo cáo" />}
      {report.data && (
        <>
          <Space size="large" style={{ marginBottom: 16 }}>
            <Statistic title="Số biên lai" value={report.data.totals.count} />
            <Statistic title="Tổng số tiền" value={money(report.data.totals.total)} />
            <Statistic title="Đã hoàn trả" value={money(report.data.totals.refunded.total)} />
          </Space>
          <Table<Line>
            size="small"
            rowKey={(l) => `${l.commune}-${l.date}-${l.kind}-${l.method}-${l.series}`}
            dataSource={rows}
            pagination={{ pageSize: 50, hideOnSinglePage: true }}
            locale={{ emptyText: <Empty description="Không có biên lai trong kỳ" /> }}
            columns={[
              ...(province ? [{ title: 'Xã', dataIndex: 'commune' }] : []),
              { title: 'Ngày', key: 'date', render: (_, l) => dayjs(l.date).format('DD/MM/YYYY') },
              { title: 'Loại', key: 'kind', render: (_, l) => KIND_TERMS[l.kind] },
              { title: 'Hình thức', key: 'method', render: (_, l) => METHOD_TERMS[l.method] },
              { title: 'Số biên lai', dataIndex: 'count' },
              { title: 'Số tiền', key: 'total', render: (_, l) => money(l.total) },
              { title: 'Từ số – đến số', key: 'numbers', render: (_, l) => `${l.series} ${number(l.firstNumber)} – ${number(l.lastNumber)}` },
              { title: 'Đã hoàn trả', key: 'refunded', render: (_, l) => (l.refunded.count ? money(l.refunded.total) : '—') },
            ]}
          />
          <RefundsDue owed={owed} province={province} leader={leader} />
        </>
      )}
    </Card>
  );
}

/**
 * Tiền thu trực tuyến phải hoàn trả: money the payment platform took for a dossier when nothing
 * (or another amount) was owed any more. Every sum still owed is listed whatever the period, so
 * none is forgotten; the commune's leader gives it back with a reason.
 */
function RefundsDue({ owed, province, leader }: { owed: Owed[]; province: boolean; leader: boolean }) {
  const [refunding, setRefunding] = useState<Owed>();
  const outstanding = owed.filter((r) => r.status === 'REFUND_DUE');
  return (
    <section aria-labelledby="refunds-due-title" data-testid="refunds-due" style={{ marginTop: 24 }}>
      <Typography.Title level={3} style={{ fontSize: 16 }} id="refunds-due-title">
        Tiền thu trực tuyến phải hoàn trả
      </Typography.Title>
      <Typography.Paragraph>
        Khoản tiền người nộp đã thanh toán trực tuyến khi hồ sơ không còn phải nộp (đã rút, bị từ chối hoặc đã nộp trước đó). Còn phải hoàn trả:{' '}
        <strong data-testid="refunds-due-total">
          {outstanding.length} khoản, {money(outstanding.reduce((sum, r) => sum + r.amount, 0))}
        </strong>
        .
      </Typography.Paragraph>
      <Table<Owed>
        size="small"
        rowKey="reference"
        dataSource={owed}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: <Empty description="Không có khoản phải hoàn trả" /> }}
        columns={[
          ...(province ? [{ title: 'Xã', dataIndex: 'communeName' }] : []),
          {
            title: 'Hồ sơ',
            key: 'code',
            render: (_, r) => <Link to={`/dossiers/${r.commune}/${r.dossierId}`}>{r.code ?? 'Chưa có mã'}</Link>,
          },
          { title: 'Số tiền', key: 'amount', render: (_, r) => money(r.amount) },
          { title: 'Ngày nhận', key: 'receivedAt', render: (_, r) => dateTime(r.receivedAt) },
          { title: 'Mã giao dịch', key: 'transaction', render: (_, r) => `${r.transaction.id} (${r.transaction.bank})` },
          {
            title: 'Tình trạng',
            key: 'status',
            render: (_, r) =>
              r.refund ? (
                <span>
                  <Tag color="#1b5e20">Đã hoàn trả</Tag>
                  {dateTime(r.refund.at)} — {r.refund.reason} ({actorLabel(r.refund.by, r.refund.byName)})
                </span>
              ) : (
                <Tag color="#8d3a00">Chờ hoàn trả</Tag>
              ),
          },
          ...(leader
            ? [
                {
                  title: 'Thao tác',
                  key: 'action',
                  render: (_: unknown, r: Owed) =>
                    r.status === 'REFUND_DUE' ? (
                      <Button size="small" onClick={() => setRefunding(r)} aria-label={`Hoàn trả ${r.code ?? r.reference}`}>
                        Hoàn trả
                      </Button>
                    ) : null,
                },
              ]
            : []),
        ]}
      />
      {refunding && <RefundDialog owed={refunding} onClose={() => setRefunding(undefined)} />}
    </section>
  );
}

/** The leader gives back one sum owed, with the reason; the dossier's history keeps it. */
function RefundDialog({ owed, onClose }: { owed: Owed; onClose: () => void }) {
  const [form] = Form.useForm<{ reason: string }>();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [error, setError] = useState<unknown>();
  const [sending, setSending] = useState(false);
  const submit = async ({ reason }: { reason: string }) => {
    setSending(true);
    setError(undefined);
    try {
      await transition({ commune: owed.commune, id: owed.dossierId }, 'refund', { reason, reference: owed.reference });
      message.success('Đã hoàn trả khoản thu trực tuyến');
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['collections'] }),
        queryClient.invalidateQueries({ queryKey: ['dossier', owed.commune, owed.dossierId] }),
      ]);
      onClose();
    } catch (failure) {
      setError(failure);
      await queryClient.invalidateQueries({ queryKey: ['collections'] });
    } finally {
      setSending(false);
    }
  };
  return (
    <Modal
      open
      title="Hoàn trả khoản thu trực tuyến"
      okText="Hoàn trả"
      cancelText="Hủy"
      confirmLoading={sending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <p>
        Hồ sơ {owed.code ?? '(chưa có mã)'}: {money(owed.amount)}, mã giao dịch {owed.transaction.id}.
      </p>
      <ProblemAlert error={error} />
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} name="refund-due">
        <Form.Item name="reason" label="Lý do hoàn trả" rules={[{ required: true, whitespace: true, message: 'Nhập lý do' }]}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
