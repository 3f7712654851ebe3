import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { App, Button, Card, Col, DatePicker, Empty, Row, Select, Space, Spin, Statistic, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { answer, api, ApiError } from '../api/http';
import { shownProblem } from '../api/problems';
import type { SlaReport, StatisticsLine } from '../api/types';
import { hasRole, useSession } from '../auth/session';
import { ProblemAlert } from '../components/ProblemAlert';
import { TimelinessTag } from '../components/Terms';
import { DEPARTMENT_TERMS, STEP_TERMS, TERMS } from '../glossary';
import { dateTime, todayInVietnam } from '../format';

const Chart = lazy(() => import('../components/Chart').then((m) => ({ default: m.Chart })));

type Entry = SlaReport['entries'][number];

/** The certificates registered to sign for these communes that expire within 30 days: to renew with the CA. */
function ExpiringCertificates({ reports }: { reports: SlaReport[] }) {
  const rows = reports.flatMap((r) => r.expiringCertificates.map((c) => ({ ...c, commune: r.commune })));
  if (rows.length === 0) return null;
  return (
    <Typography.Paragraph data-testid="expiring-certificates">
      Chứng thư số sắp hết hạn (cần gia hạn với tổ chức cung cấp dịch vụ chứng thực):
      <ul>
        {rows.map((c) => (
          <li key={`${c.commune}-${c.fingerprint}`}>
            {c.commune} — {c.role === 'SEAL' ? 'con dấu của xã' : `lãnh đạo ${c.sub ?? ''}`}: {c.subject}, hết hạn {dateTime(c.notAfter)}
          </li>
        ))}
      </ul>
    </Typography.Paragraph>
  );
}

/** The SLA-breach entries of one or more communes: every overdue or at-risk dossier and step. */
function Breaches({ reports }: { reports: SlaReport[] }) {
  const rows = reports.flatMap((r) => r.entries.map((e) => ({ ...e, commune: r.commune })));
  return (
    <Table<Entry & { commune: string }>
      size="small"
      rowKey={(e) => `${e.commune}-${e.dossierId}-${e.level}`}
      dataSource={rows}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      locale={{ emptyText: <Empty description="Không có hồ sơ quá hạn hoặc sắp đến hạn" /> }}
      data-testid="sla-entries"
      columns={[
        { title: 'Xã', dataIndex: 'commune' },
        { title: TERMS.code, key: 'code', render: (_, e) => <Link to={`/dossiers/${e.commune}/${e.dossierId}`}>{e.code ?? e.dossierId.slice(0, 8)}</Link> },
        { title: 'Thủ tục', key: 'procedure', render: (_, e) => e.procedure.name },
        { title: 'Phòng', key: 'department', render: (_, e) => DEPARTMENT_TERMS[e.department] },
        { title: 'Mức', key: 'level', render: (_, e) => (e.level === 'DOSSIER' ? 'Hồ sơ' : `Bước ${e.step ? STEP_TERMS[e.step] : ''}`) },
        { title: 'Người xử lý', key: 'assignee', render: (_, e) => e.assignee ?? '—' },
        { title: 'Hạn', key: 'due', render: (_, e) => dateTime(e.dueAt) },
        { title: 'Tình trạng', key: 'standing', render: (_, e) => <TimelinessTag value={e.standing} /> },
        { title: 'Quá hạn (giờ làm việc)', key: 'hours', render: (_, e) => e.hoursPastDue.toLocaleString('vi-VN') },
      ]}
    />
  );
}

/** The SLA report of the day chosen, or (none chosen) the latest there is; `onLoaded` learns which day that is. */
function SlaSection({ date, onLoaded }: { date: string | undefined; onLoaded: (date: string) => void }) {
  const session = useSession()!;
  const province = hasRole(session, 'PROVINCE_ADMIN', 'PROVINCE_AUDITOR');
  const report = useQuery({
    queryKey: ['sla', province ? session.claims.province : session.claims.commune, date ?? 'latest'],
    queryFn: async () => {
      const query = date ? { date } : {};
      if (province) {
        // The roll-up comes a page of communes at a time; the day of the first page is the day of them all.
        const first = await answer(api.GET('/v1/provinces/{p}/reports/sla-breaches', { params: { path: { p: session.claims.province }, query } }));
        const communes = [...first.communes];
        for (let cursor = first.nextCursor; cursor;) {
          const next = await answer(
            api.GET('/v1/provinces/{p}/reports/sla-breaches', { params: { path: { p: session.claims.province }, query: { date: first.date, cursor } } }),
          );
          communes.push(...next.communes);
          cursor = next.nextCursor;
        }
        return { date: first.date, openDossiers: first.openDossiers, overdue: first.overdue, atRisk: first.atRisk, communes, missing: first.missing };
      }
      const r = await answer(api.GET('/v1/communes/{c}/reports/sla-breaches', { params: { path: { c: session.claims.commune! }, query } }));
      return { date: r.date, openDossiers: r.openDossiers, overdue: r.overdue, atRisk: r.atRisk, communes: [r], missing: [] as string[] };
    },
    retry: false,
  });
  const shown = report.data?.date ?? date;
  useEffect(() => {
    if (report.data) onLoaded(report.data.date);
  }, [report.data, onLoaded]);
  const option = useMemo(() => {
    const departments = Object.keys(DEPARTMENT_TERMS) as (keyof typeof DEPARTMENT_TERMS)[];
    const count = (d: string, standing: Entry['standing']) =>
      (report.data?.communes ?? []).flatMap((r) => r.entries).filter((e) => e.level === 'DOSSIER' && e.department === d && e.standing === standing).length;
    return {
      tooltip: {},
      legend: { top: 0 },
      grid: { left: 40, right: 16, bottom: 32, top: 40 },
      xAxis: { type: 'category' as const, data: departments.map((d) => DEPARTMENT_TERMS[d]) },
      yAxis: { type: 'value' as const, minInterval: 1 },
      series: [
        { type: 'bar' as const, name: 'Quá hạn', color: '#c62828', data: departments.map((d) => count(d, 'OVERDUE')) },
        { type: 'bar' as const, name: 'Sắp đến hạn', color: '#8a5a00', data: departments.map((d) => count(d, 'AT_RISK')) },
      ],
    };
  }, [report.data]);

  return (
    <Card
      title={<h2 className="card-title">Báo cáo hồ sơ quá hạn, sắp đến hạn{shown ? ` — ngày ${shown.split('-').reverse().join('/')}` : ''}</h2>}
      data-testid="sla-report"
    >
      {report.isPending && <Spin aria-label="Đang tải báo cáo" />}
      <ProblemAlert error={report.error} message={date ? 'Chưa có báo cáo của ngày này' : 'Chưa có báo cáo nào'} />
      {report.data && (
        <>
          {!date && report.data.date !== todayInVietnam() && (
            <Typography.Paragraph data-testid="sla-report-day">
              Hôm nay chưa có báo cáo (báo cáo được lập lúc 07:00 các ngày làm việc). Đây là báo cáo mới nhất, của ngày{' '}
              {report.data.date.split('-').reverse().join('/')}.
            </Typography.Paragraph>
          )}
          <Row gutter={16} style={{ marginBottom: 16 }}>
            <Col span={8}>
              <Statistic title="Hồ sơ đang giải quyết" value={report.data.openDossiers} />
            </Col>
            <Col span={8}>
              <Statistic title="Quá hạn" value={report.data.overdue} styles={{ content: { color: '#c62828' } }} />
            </Col>
            <Col span={8}>
              <Statistic title="Sắp đến hạn" value={report.data.atRisk} styles={{ content: { color: '#8a5a00' } }} />
            </Col>
          </Row>
          {report.data.missing.length > 0 && <Typography.Paragraph>Chưa có báo cáo của: {report.data.missing.join(', ')}</Typography.Paragraph>}
          <Suspense fallback={<Spin />}>
            <Chart option={option} label={`Hồ sơ quá hạn: ${report.data.overdue}, sắp đến hạn: ${report.data.atRisk}, theo phòng chuyên môn`} height={260} />
          </Suspense>
          <Breaches reports={report.data.communes} />
          <ExpiringCertificates reports={report.data.communes} />
        </>
      )}
    </Card>
  );
}

const GROUPS = [
  { value: 'commune', label: 'Theo xã' },
  { value: 'department', label: 'Theo phòng' },
  { value: 'procedure', label: 'Theo thủ tục' },
] as const;

function StatisticsSection() {
  const session = useSession()!;
  const { message } = App.useApp();
  const p = session.claims.province;
  const [period, setPeriod] = useState<[Dayjs, Dayjs]>([dayjs(todayInVietnam()).startOf('month'), dayjs(todayInVietnam())]);
  const [groupBy, setGroupBy] = useState<(typeof GROUPS)[number]['value']>('commune');
  const [downloading, setDownloading] = useState(false);
  const from = period[0].format('YYYY-MM-DD');
  const to = period[1].format('YYYY-MM-DD');
  const stats = useQuery({
    queryKey: ['statistics', p, from, to, groupBy],
    queryFn: () => answer(api.GET('/v1/provinces/{p}/reports/statistics', { params: { path: { p }, query: { from, to, groupBy } } })),
    retry: false,
  });
  const data = stats.data && typeof stats.data !== 'string' ? stats.data : undefined;
  const option = useMemo(() => {
    const lines = data?.lines ?? [];
    const names = lines.map((l) => l.name ?? l.group);
    return {
      tooltip: { trigger: 'axis' as const },
      legend: { top: 0 },
      grid: { left: 40, right: 16, bottom: 32, top: 40 },
      xAxis: { type: 'category' as const, data: names },
      yAxis: { type: 'value' as const, minInterval: 1 },
      series: [
        { type: 'bar' as const, stack: 'done', name: 'Trước hạn', color: '#2e7d32', data: lines.map((l) => l.completed.early) },
        { type: 'bar' as const, stack: 'done', name: 'Đúng hạn', color: '#1565c0', data: lines.map((l) => l.completed.onTime) },
        { type: 'bar' as const, stack: 'done', name: 'Trễ hạn', color: '#c62828', data: lines.map((l) => l.completed.late) },
        { type: 'bar' as const, name: 'Đang giải quyết', color: '#455a64', data: lines.map((l) => l.inProgress.total) },
      ],
    };
  }, [data]);

  const download = async () => {
    setDownloading(true);
    try {
      const csv = await answer(
        api.GET('/v1/provinces/{p}/reports/statistics', { params: { path: { p }, query: { from, to, groupBy, format: 'csv' } }, parseAs: 'text' }),
      );
      const url = URL.createObjectURL(new Blob([csv as string], { type: 'text/csv;charset=utf-8' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = `thong-ke-${p}-${from}-${to}-${groupBy}.csv`;
      link.click();
      URL.revokeObjectURL(url);
    } catch (error) {
      const problem = shownProblem(error instanceof ApiError ? error.problem : { title: '', status: 500 });
      message.error(`Không tải được tệp CSV — ${problem.title}. ${problem.detail}`);
    } finally {
      setDownloading(false);
    }
  };

  return (
    <Card title={<h2 className="card-title">Thống kê kết quả giải quyết hồ sơ</h2>} data-testid="statistics">
      <Space wrap style={{ marginBottom: 16 }}>
        <DatePicker.RangePicker
          aria-label="Kỳ thống kê"
          format="DD/MM/YYYY"
          value={period}
          allowClear={false}
          onChange={(v) => v?.[0] && v[1] && setPeriod([v[0], v[1]])}
        />
        <Select aria-label="Nhóm theo" style={{ width: 160 }} value={groupBy} onChange={setGroupBy} options={GROUPS.map((g) => ({ ...g }))} />
        <Button onClick={() => void download()} loading={downloading}>
          Tải CSV
        </Button>
      </Space>
      <ProblemAlert error={stats.error} message="Không tải được thống kê" />
      {stats.isPending && <Spin aria-label="Đang tải thống kê" />}
      {data && (
        <>
          <Suspense fallback={<Spin />}>
            <Chart
              option={option}
              label={`Đã giải quyết ${data.total.completed.total} hồ sơ, trong đó trễ hạn ${data.total.completed.late}; đang giải quyết ${data.total.inProgress.total}`}
            />
          </Suspense>
          <Table<StatisticsLine>
            size="small"
            rowKey="group"
            pagination={false}
            dataSource={[...data.lines, { ...data.total, name: 'Tổng cộng' }]}
            columns={[
              { title: 'Đơn vị', key: 'name', render: (_, l) => l.name ?? l.group },
              { title: 'Kỳ trước chuyển sang', dataIndex: 'carriedOver' },
              { title: 'Tiếp nhận', key: 'received', render: (_, l) => l.received.total },
              { title: 'Trước hạn', key: 'early', render: (_, l) => l.completed.early },
              { title: 'Đúng hạn', key: 'onTime', render: (_, l) => l.completed.onTime },
              { title: 'Trễ hạn', key: 'late', render: (_, l) => l.completed.late },
              { title: 'Đang giải quyết', key: 'inProgress', render: (_, l) => l.inProgress.total },
              { title: 'Chờ bổ sung', dataIndex: 'awaitingSupplement' },
              { title: 'Từ chối', dataIndex: 'refused' },
              { title: 'Rút', dataIndex: 'withdrawn' },
              { title: 'Tỉ lệ đúng hạn', key: 'rate', render: (_, l) => (l.onTimeRate === null ? '—' : `${Math.round(l.onTimeRate * 1000) / 10}%`) },
            ]}
          />
        </>
      )}
    </Card>
  );
}

/** The leader's and the province's dashboard: today's SLA-breach report, and (province) statistics. */
export default function Dashboard() {
  const session = useSession()!;
  // No day chosen: the latest report there is, whose day the picker then shows.
  const [date, setDate] = useState<string>();
  const [latest, setLatest] = useState<string>();
  const province = hasRole(session, 'PROVINCE_ADMIN', 'PROVINCE_AUDITOR');
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Space align="center" wrap>
        <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
          Báo cáo {province ? 'toàn tỉnh' : 'của xã'}
        </Typography.Title>
        <DatePicker
          aria-label="Ngày báo cáo"
          format="DD/MM/YYYY"
          allowClear={false}
          value={(date ?? latest) ? dayjs(date ?? latest) : null}
          onChange={(d) => d && setDate(d.format('YYYY-MM-DD'))}
        />
      </Space>
      <SlaSection date={date} onLoaded={setLatest} />
      {province && <StatisticsSection />}
    </Space>
  );
}
