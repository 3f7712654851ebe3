import { useState } from 'react';
import { Card, DatePicker, Empty, Space, Spin, Statistic, Table } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useQuery } from '@tanstack/react-query';
import { answer, api } from '../api/http';
import type { components } from '../../../shared/client/openapi';
import { hasRole, useSession } from '../auth/session';
import { ProblemAlert } from '../components/ProblemAlert';
import { money, todayInVietnam } from '../format';

type CommuneCollections = components['schemas']['CommuneCollections'];
type Line = CommuneCollections['lines'][number] & { commune: string };

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
        </>
      )}
    </Card>
  );
}
