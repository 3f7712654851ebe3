import { useState } from 'react';
import { Alert, App, Button, Card, Space, Table, Tag, Typography, Upload } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useQueryClient } from '@tanstack/react-query';
import { catalogueRow, IMPORT_COLUMNS } from '../../../shared/domain/catalogue-import';
import { csvDocument } from '../../../shared/domain/csv';
import { fetchCatalogue, importCatalogue } from '../api/queries';
import { useSession } from '../auth/session';
import { ProblemAlert } from '../components/ProblemAlert';

type Report = Awaited<ReturnType<typeof importCatalogue>>;
type Row = Report['rows'][number];

const OUTCOMES: Record<Row['outcome'], { label: string; color: string }> = {
  CREATED: { label: 'Thêm mới', color: '#2e7d32' },
  CHANGED: { label: 'Thay đổi', color: '#1565c0' },
  UNCHANGED: { label: 'Không đổi', color: 'default' },
  REFUSED: { label: 'Bị từ chối', color: '#c62828' },
};

const columns: ColumnsType<Row> = [
  { title: 'Dòng', dataIndex: 'row', width: 80 },
  { title: IMPORT_COLUMNS.code, key: 'code', render: (_, r) => r.code ?? '—' },
  { title: 'Kết quả', key: 'outcome', render: (_, r) => <Tag color={OUTCOMES[r.outcome].color}>{OUTCOMES[r.outcome].label}</Tag> },
  { title: 'Phiên bản', key: 'version', render: (_, r) => r.version ?? '—' },
  {
    title: 'Chi tiết',
    key: 'why',
    render: (_, r) =>
      r.problems?.map((p, i) => (
        <div key={i}>
          {p.column ? <strong>{p.column}: </strong> : null}
          {p.message}
        </div>
      )) ?? (r.changes?.length ? `Thay đổi: ${r.changes.join(', ')}` : null),
  },
];

/**
 * The province's catalogue from its annex: the template (the current catalogue in the annex's
 * columns), the file checked first (a dry run, its report per row), then imported.
 */
export default function CatalogueImport() {
  const session = useSession()!;
  const province = session.claims.province;
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File>();
  const [report, setReport] = useState<Report>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState<'check' | 'import' | 'template'>();

  const run = async (dryRun: boolean) => {
    if (!file) return;
    setBusy(dryRun ? 'check' : 'import');
    setError(undefined);
    try {
      const answered = await importCatalogue(province, file, dryRun);
      setReport(answered);
      if (!dryRun) {
        message.success('Đã nhập danh mục thủ tục hành chính');
        await queryClient.invalidateQueries({ queryKey: ['catalogue'] });
      }
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(undefined);
    }
  };

  const template = async () => {
    setBusy('template');
    try {
      const catalogue = await fetchCatalogue(province);
      const blob = new Blob([csvDocument(Object.values(IMPORT_COLUMNS), catalogue.items.map(catalogueRow))], { type: 'text/csv;charset=utf-8' });
      const link = document.createElement('a');
      link.href = URL.createObjectURL(blob);
      link.download = `danh-muc-tthc-${province}.csv`;
      link.click();
      URL.revokeObjectURL(link.href);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(undefined);
    }
  };

  const summary = report?.summary;
  return (
    <Card>
      <Typography.Title level={1} style={{ fontSize: 22, marginTop: 0 }}>
        Nhập danh mục thủ tục hành chính
      </Typography.Title>
      <Typography.Paragraph>
        Tệp Excel (.xlsx) hoặc CSV theo phụ lục của quyết định công bố: mỗi dòng một thủ tục, các cột {Object.values(IMPORT_COLUMNS).join(', ')}.
      </Typography.Paragraph>
      <Space wrap style={{ marginBottom: 16 }}>
        <Button onClick={() => void template()} loading={busy === 'template'}>
          Tải tệp mẫu (danh mục hiện hành)
        </Button>
        <Upload
          accept=".xlsx,.csv"
          maxCount={1}
          beforeUpload={(chosen) => {
            setFile(chosen);
            setReport(undefined);
            return false;
          }}
          onRemove={() => {
            setFile(undefined);
            setReport(undefined);
          }}
        >
          <Button>Chọn tệp</Button>
        </Upload>
        <Button disabled={!file} loading={busy === 'check'} onClick={() => void run(true)}>
          Kiểm tra
        </Button>
        <Button
          type="primary"
          disabled={!file || !report?.dryRun || (summary?.refused ?? 0) > 0 || (summary?.created === 0 && summary?.changed === 0)}
          loading={busy === 'import'}
          onClick={() => void run(false)}
        >
          Nhập vào danh mục
        </Button>
      </Space>
      <ProblemAlert error={error} message="Không nhập được danh mục" />
      {summary && (
        <Alert
          role="status"
          showIcon
          type={summary.refused ? 'warning' : 'success'}
          style={{ marginBottom: 16 }}
          message={`${report.dryRun ? 'Kết quả kiểm tra' : 'Đã nhập'}: ${summary.created} thêm mới, ${summary.changed} thay đổi, ${summary.unchanged} không đổi, ${summary.refused} bị từ chối`}
          description={summary.refused ? 'Sửa các dòng bị từ chối rồi kiểm tra lại: tệp có dòng bị từ chối sẽ không được nhập.' : undefined}
        />
      )}
      {report && <Table<Row> rowKey="row" size="small" columns={columns} dataSource={report.rows} pagination={{ pageSize: 50 }} data-testid="import-report" />}
    </Card>
  );
}
