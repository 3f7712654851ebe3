import { useMemo, useState } from 'react';
import { Button, Card, Empty, Input, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { fetchReceivedForOthers, fetchWorklist, searchDossiers, type SearchKind, type WorklistQuery } from '../api/queries';
import type { DossierSummary, Role } from '../api/types';
import { type Session, useSession } from '../auth/session';
import { BatchDialog, type BatchAction } from '../components/BatchDialog';
import { ProblemAlert } from '../components/ProblemAlert';
import { TimelinessTag } from '../components/Terms';
import { ACTION_TERMS, CHANNEL_TERMS, DEPARTMENT_TERMS, STATUS_TERMS, STEP_TERMS, TERMS, TIMELINESS_TERMS } from '../glossary';
import { dateTime } from '../format';

interface Tab {
  key: string;
  label: string;
  /** What the tab fixes of the list query; the filters narrow the rest. */
  fixed: WorklistQuery;
  /** The desk's dossiers received for other communes: a list of its own, without filters. */
  receivedForOthers?: boolean;
  /** The step its rows can be selected for, many at once. */
  batch?: BatchAction;
}

/** Each role's own lists first, then every dossier of the commune with the filters. */
const tab = (key: string, label: string, fixed: WorklistQuery, batch?: BatchAction): Tab => ({ key, label, fixed, ...(batch ? { batch } : {}) });

function tabsOf(session: Session): Tab[] {
  const { roles, sub, department } = session.claims;
  const has = (role: Role) => roles.includes(role);
  const dept = department ? { department } : {};
  return [
    ...(has('RECEPTION')
      ? [
          tab('new', 'Hồ sơ mới', { status: 'SUBMITTED' }),
          tab('payment', 'Chờ thu phí', { status: 'AWAITING_PAYMENT' }),
          tab('supplement', 'Chờ bổ sung', { status: 'SUPPLEMENT_REQUESTED' }),
          // Supplied documents back at the desk, to be checked before the dossier is accepted.
          tab('supplied', 'Đã bổ sung', { status: 'SUBMITTED', supplied: 'true' }),
          tab('ready', 'Chờ trả kết quả', { status: 'RESULT_READY' }, 'return'),
          { ...tab('others', 'Tiếp nhận cho xã khác', {}), receivedForOthers: true },
        ]
      : []),
    ...(has('DEPT_HEAD')
      ? [
          tab('assign', 'Chờ phân công', { status: 'IN_PROCESSING', step: 'ASSIGNMENT', ...dept }, 'assign'),
          tab('review', 'Chờ xem xét', { status: 'IN_PROCESSING', step: 'REVIEW', ...dept }),
          tab('appraisal', 'Đang thẩm định', { status: 'IN_PROCESSING', step: 'APPRAISAL', ...dept }),
        ]
      : []),
    ...(has('SPECIALIST') ? [tab('mine', 'Được phân công cho tôi', { assignee: sub })] : []),
    ...(has('LEADER') ? [tab('approve', 'Chờ phê duyệt', { status: 'IN_PROCESSING', step: 'APPROVAL' }, 'approve')] : []),
    ...(has('CLERK') ? [tab('issue', 'Chờ vào sổ, đóng dấu', { status: 'IN_PROCESSING', step: 'ISSUANCE' }, 'issue')] : []),
    tab('all', 'Tất cả hồ sơ', {}),
  ];
}

const options = (terms: Record<string, string>) => Object.entries(terms).map(([value, label]) => ({ value, label }));

const SEARCH_KINDS: { value: SearchKind; label: string; placeholder: string }[] = [
  { value: 'code', label: TERMS.code, placeholder: 'H30.01-260302-0001' },
  { value: 'idNumber', label: 'Số định danh cá nhân', placeholder: '12 chữ số CCCD' },
  { value: 'phone', label: 'Số điện thoại', placeholder: '09…' },
];

/** The value as the API matches it: a code in capitals; digits alone of a number typed with spaces or dots. */
const cleaned = (kind: SearchKind, value: string) =>
  kind === 'code' ? value.trim().toUpperCase() : kind === 'phone' ? value.replace(/[\s.()-]/g, '') : value.replace(/\D/g, '');

const columns: ColumnsType<DossierSummary> = [
  {
    title: TERMS.code,
    key: 'code',
    render: (_, d) => <Link to={`/dossiers/${d.commune}/${d.id}`}>{d.code ?? 'Chưa có mã'}</Link>,
  },
  { title: 'Xã', key: 'commune', render: (_, d) => d.commune },
  {
    title: 'Thủ tục',
    key: 'procedure',
    render: (_, d) => (
      <>
        {d.procedure.name}
        {d.channel === 'ONLINE' && (
          <Tag style={{ marginLeft: 8 }} color="#3949ab">
            {CHANNEL_TERMS.ONLINE}
          </Tag>
        )}
      </>
    ),
  },
  { title: 'Người nộp', key: 'applicant', render: (_, d) => d.applicantName ?? '—' },
  {
    title: 'Bước',
    key: 'step',
    render: (_, d) => (d.status === 'IN_PROCESSING' && d.step ? STEP_TERMS[d.step] : STATUS_TERMS[d.status]),
  },
  {
    title: TERMS.dueAt,
    key: 'due',
    render: (_, d) => (
      <Space size={4} wrap>
        <span>{dateTime(d.dueAt)}</span>
        {(d.timeliness === 'OVERDUE' || d.timeliness === 'AT_RISK' || d.timeliness === 'LATE') && <TimelinessTag value={d.timeliness} />}
      </Space>
    ),
  },
];

/** The desk's search by code, ID number or phone: exact match, its answer in place of the tab's list. */
function SearchBox({ onSearch }: { onSearch: (search: { kind: SearchKind; value: string } | undefined) => void }) {
  const [kind, setKind] = useState<SearchKind>('idNumber');
  const placeholder = SEARCH_KINDS.find((k) => k.value === kind)!.placeholder;
  return (
    <Space.Compact style={{ width: 520, maxWidth: '100%' }} role="search" aria-label="Tìm hồ sơ">
      <Select<SearchKind> aria-label="Tìm theo" value={kind} onChange={setKind} options={SEARCH_KINDS} style={{ width: 200 }} />
      <Input.Search
        aria-label="Tìm hồ sơ"
        placeholder={placeholder}
        allowClear
        enterButton="Tìm"
        autoComplete="off"
        onSearch={(v, _event, info) => {
          const value = cleaned(kind, v);
          onSearch(info?.source === 'clear' || !value ? undefined : { kind, value });
        }}
      />
    </Space.Compact>
  );
}

export default function Worklist() {
  const session = useSession()!;
  const commune = session.claims.commune!;
  const tabs = useMemo(() => tabsOf(session), [session]);
  const [params, setParams] = useSearchParams();
  const current = tabs.find((t) => t.key === params.get('tab')) ?? tabs[0]!;
  const [filters, setFilters] = useState<WorklistQuery>({});
  // Kept in memory only: an ID number or phone never goes into the page's address or history.
  const [search, setSearch] = useState<{ kind: SearchKind; value: string }>();
  const query = { ...filters, ...current.fixed };
  const navigate = useNavigate();
  const [selected, setSelected] = useState<DossierSummary[]>([]);
  const [batchOpen, setBatchOpen] = useState(false);
  const batch = search ? undefined : current.batch;

  const list = useInfiniteQuery({
    queryKey: search ? ['search', commune, search] : current.receivedForOthers ? ['received', commune] : ['worklist', commune, query],
    queryFn: ({ pageParam }) =>
      search
        ? searchDossiers(commune, search.kind, search.value, pageParam)
        : current.receivedForOthers
          ? fetchReceivedForOthers(commune, pageParam)
          : fetchWorklist(commune, query, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    // A search is on the access trail of each dossier found: it is run once, not refreshed.
    refetchInterval: search ? false : 15_000,
  });
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  const set = (field: keyof WorklistQuery) => (value: string | undefined) => setFilters((f) => ({ ...f, [field]: value || undefined }) as WorklistQuery);
  const fixed = (field: keyof WorklistQuery) => current.fixed[field] !== undefined;
  const label = search && SEARCH_KINDS.find((k) => k.value === search.kind)!.label;

  return (
    <Card>
      <Space style={{ width: '100%', justifyContent: 'space-between', flexWrap: 'wrap' }} align="start">
        <Typography.Title level={1} style={{ fontSize: 22, marginTop: 0 }}>
          {TERMS.worklist}
        </Typography.Title>
        <SearchBox onSearch={setSearch} />
      </Space>
      {search ? (
        <Space style={{ margin: '8px 0 16px' }} wrap>
          <Typography.Text strong role="status">
            Kết quả tìm theo {label?.toLowerCase()}: {search.value}
          </Typography.Text>
          <Button onClick={() => setSearch(undefined)}>Quay lại danh sách</Button>
        </Space>
      ) : (
        <Tabs
          activeKey={current.key}
          onChange={(key) => {
            setSelected([]);
            setParams({ tab: key });
          }}
          items={tabs.map((t) => ({ key: t.key, label: t.label }))}
        />
      )}
      {!search && !current.receivedForOthers && (
        <Space wrap style={{ marginBottom: 16 }} aria-label="Lọc danh sách">
          <Select
            aria-label="Trạng thái"
            placeholder="Trạng thái"
            allowClear
            style={{ width: 200 }}
            value={query.status}
            disabled={fixed('status')}
            onChange={set('status')}
            options={options(STATUS_TERMS)}
          />
          <Select
            aria-label="Bước"
            placeholder="Bước"
            allowClear
            style={{ width: 170 }}
            value={query.step}
            disabled={fixed('step')}
            onChange={set('step')}
            options={options(STEP_TERMS)}
          />
          <Select
            aria-label="Phòng"
            placeholder="Phòng"
            allowClear
            style={{ width: 170 }}
            value={query.department}
            disabled={fixed('department')}
            onChange={set('department')}
            options={options(DEPARTMENT_TERMS)}
          />
          <Select
            aria-label="Tình trạng hạn"
            placeholder="Tình trạng hạn"
            allowClear
            style={{ width: 170 }}
            value={query.timeliness}
            onChange={set('timeliness')}
            options={options(TIMELINESS_TERMS)}
          />
          <Input.Search
            aria-label="Người được phân công"
            placeholder="Người được phân công"
            allowClear
            style={{ width: 240 }}
            disabled={fixed('assignee')}
            defaultValue={query.assignee}
            onSearch={(v) => set('assignee')(v.trim())}
          />
        </Space>
      )}
      <ProblemAlert error={list.error} message={search ? 'Không tìm được hồ sơ' : 'Không tải được danh sách'} />
      {batch && (
        <Space style={{ marginBottom: 12 }}>
          <Button type="primary" disabled={!selected.length} onClick={() => setBatchOpen(true)}>
            {ACTION_TERMS[batch]} ({selected.length} hồ sơ đã chọn)
          </Button>
        </Space>
      )}
      {batch && batchOpen && (
        <BatchDialog
          action={batch}
          dossiers={selected}
          {...(session.claims.department ? { department: session.claims.department } : {})}
          onClose={(done) => {
            setBatchOpen(false);
            if (done) setSelected([]);
          }}
        />
      )}
      <Table<DossierSummary>
        rowKey="id"
        {...(batch
          ? {
              rowSelection: {
                selectedRowKeys: selected.map((d) => d.id),
                onChange: (_keys: React.Key[], rows: DossierSummary[]) => setSelected(rows),
                getCheckboxProps: (d: DossierSummary) => ({ 'aria-label': `Chọn hồ sơ ${d.code ?? d.id}` }),
              },
            }
          : {})}
        size="middle"
        columns={columns}
        dataSource={rows}
        loading={list.isPending}
        pagination={false}
        locale={{ emptyText: <Empty description={search ? 'Không tìm thấy hồ sơ nào' : 'Không có hồ sơ'} /> }}
        onRow={(d) => ({ onDoubleClick: () => navigate(`/dossiers/${d.commune}/${d.id}`) })}
        data-testid="worklist"
      />
      {list.hasNextPage && (
        <Button style={{ marginTop: 16 }} onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
          Xem thêm
        </Button>
      )}
    </Card>
  );
}
