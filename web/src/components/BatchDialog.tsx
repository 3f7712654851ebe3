import { useState } from 'react';
import { Alert, App, AutoComplete, Form, Input, List, Modal, Radio, Spin } from 'antd';
import { useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { localCall } from '../api/http';
import { batchTransition, fetchDossier, fetchSigning } from '../api/queries';
import { shownProblem } from '../api/problems';
import type { DossierSummary, Official, Page, Problem } from '../api/types';
import { ACTION_TERMS } from '../glossary';
import { resultDrafted } from './ActionDialog';
import { ProblemAlert } from './ProblemAlert';
import { SIGNING_TERMS, UNSIGNED } from './Signatures';

/** The steps a worklist takes for many dossiers at once. */
export type BatchAction = 'return' | 'assign' | 'issue' | 'approve';

type Result = { id: string; status: number; version?: number; signing?: { id: string }; problem?: Problem };

/**
 * The leader's one confirmation for every dossier of the batch signed together: the session is
 * the same on each, so one of them is followed until it ends.
 */
function SigningWait({ commune, dossier, session, count, rejected }: { commune: string; dossier: string; session: string; count: number; rejected: boolean }) {
  const queryClient = useQueryClient();
  const signing = useQuery({
    queryKey: ['signing', commune, dossier, session],
    queryFn: async () => {
      const found = await fetchSigning(commune, dossier, session);
      if (found.status !== 'PENDING') await queryClient.invalidateQueries({ queryKey: ['worklist'] });
      return found;
    },
    refetchInterval: (q) => (q.state.data && q.state.data.status !== 'PENDING' ? false : 2_000),
  });
  const status = signing.data?.status ?? 'PENDING';
  if (status === 'PENDING') {
    return (
      <Alert
        type="info"
        showIcon
        icon={<Spin size="small" />}
        role="status"
        data-testid="batch-signing"
        message="Đang chờ xác nhận trên thiết bị ký"
        description={`Một lần xác nhận trên thiết bị ký cho ${count} hồ sơ đã chọn.`}
      />
    );
  }
  if (status === 'SIGNED') {
    return (
      <Alert type="success" showIcon role="status" data-testid="batch-signing" message={`Đã ký số và ${rejected ? 'từ chối' : 'phê duyệt'} ${count} hồ sơ`} />
    );
  }
  // The provider's reason is written for integrators (and may be English): the console says it in its own words.
  const why = UNSIGNED[status];
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      data-testid="batch-signing"
      message={`${SIGNING_TERMS[status]}: ${count} hồ sơ vẫn chờ phê duyệt`}
      description={`Chưa phê duyệt: ${why.title}. ${why.detail}`}
    />
  );
}

/**
 * One step for the dossiers selected on a worklist: its fields once for all (the specialist, the
 * decision), then one call; each dossier is its own step, so the dialog lists the ones refused
 * with why, and the others are done.
 */
export function BatchDialog({
  action,
  dossiers,
  department,
  onClose,
}: {
  action: BatchAction;
  dossiers: DossierSummary[];
  department?: string;
  onClose: (done: boolean) => void;
}) {
  const [form] = Form.useForm();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [error, setError] = useState<unknown>();
  const [refused, setRefused] = useState<Result[]>();
  const [sending, setSending] = useState(false);
  const [signed, setSigned] = useState<{ results: Result[]; rejected: boolean }>();
  // A drafted result is decided with the leader's signature, approved or rejected: the button and the outcome say which.
  const rejecting = (Form.useWatch('decision', form) as string | undefined) === 'REJECTED';
  const commune = dossiers[0]!.commune;
  // The approvals of results drafted as files are signed, together: the dossiers are read to know which.
  const details = useQueries({
    queries: (action === 'approve' ? dossiers : []).map((d) => ({
      queryKey: ['dossier', d.commune, d.id],
      queryFn: () => fetchDossier(d.commune, d.id),
      staleTime: 30_000,
    })),
  });
  const drafted = new Set(details.flatMap((q) => (q.data && resultDrafted(q.data) ? [q.data.id] : [])));
  const reading = details.some((q) => q.isPending);
  const specialists = useQuery({
    queryKey: ['local-officials'],
    queryFn: () => localCall<Page<Official>>('GET', '/_local/officials'),
    enabled: action === 'assign',
    retry: false,
    staleTime: 300_000,
  });

  const submit = async (values: Record<string, unknown>) => {
    setSending(true);
    setError(undefined);
    try {
      const body = Object.keys(values).length ? values : undefined;
      const { results } = await batchTransition(
        commune,
        action,
        dossiers.map((d) => ({ id: d.id, expectedVersion: d.version, ...(body ? { body: drafted.has(d.id) ? { ...body, sign: true } : body } : {}) })),
      );
      const failed = (results as Result[]).filter((r) => r.status !== 200 && r.status !== 202);
      const waiting = (results as Result[]).filter((r) => r.status === 202 && r.signing);
      await queryClient.invalidateQueries({ queryKey: ['worklist'] });
      if (waiting.length) setSigned({ results: waiting, rejected: values.decision === 'REJECTED' });
      if (failed.length || waiting.length) setRefused(failed);
      else {
        message.success(`${ACTION_TERMS[action]}: đã thực hiện cho ${results.length} hồ sơ`);
        onClose(true);
      }
    } catch (failure) {
      setError(failure);
    } finally {
      setSending(false);
    }
  };

  const codeOf = (id: string) => dossiers.find((d) => d.id === id)?.code ?? id;
  const fields: Record<BatchAction, React.ReactNode> = {
    return: <p>Trả kết quả cho người nộp của {dossiers.length} hồ sơ đã chọn.</p>,
    issue: <p>Vào sổ, đóng dấu và chuyển kết quả của {dossiers.length} hồ sơ đã chọn về bộ phận một cửa.</p>,
    assign: (
      <Form.Item name="assignee" label="Chuyên viên thụ lý" rules={[{ required: true, whitespace: true, message: 'Chọn chuyên viên' }]}>
        <AutoComplete
          options={(specialists.data?.items ?? [])
            .filter((o) => o.roles.includes('SPECIALIST') && o.commune === commune && (!department || o.department === department))
            .map((o) => ({ value: o.sub, label: `${o.name} (${o.sub})` }))}
          placeholder="Mã cán bộ"
        />
      </Form.Item>
    ),
    approve: (
      <>
        <Form.Item name="decision" label="Quyết định">
          <Radio.Group
            options={[
              { value: 'APPROVED', label: 'Phê duyệt' },
              { value: 'REJECTED', label: 'Không phê duyệt' },
            ]}
          />
        </Form.Item>
        <Form.Item name="note" label="Ý kiến" rules={[{ required: true, whitespace: true, message: 'Nhập ý kiến' }]}>
          <Input.TextArea rows={3} maxLength={4000} />
        </Form.Item>
        {drafted.size > 0 && (
          <p data-testid="signs">
            {rejecting ? 'Từ chối' : 'Phê duyệt'} và ký số dự thảo kết quả của {drafted.size} hồ sơ: một lần xác nhận trên thiết bị ký của đồng chí cho tất cả.
          </p>
        )}
      </>
    ),
  };
  const okText = drafted.size > 0 ? (rejecting ? 'Từ chối và ký số' : 'Phê duyệt và ký số') : ACTION_TERMS[action];

  return (
    <Modal
      open
      title={`${ACTION_TERMS[action]} — ${dossiers.length} hồ sơ`}
      okText={refused ? 'Đóng' : okText}
      cancelText="Hủy"
      confirmLoading={sending || reading}
      onOk={() => (refused ? onClose(true) : form.submit())}
      onCancel={() => onClose(Boolean(refused))}
      destroyOnHidden
    >
      {refused ? (
        <>
          {signed && (
            <SigningWait
              commune={commune}
              dossier={signed.results[0]!.id}
              session={signed.results[0]!.signing!.id}
              count={signed.results.length}
              rejected={signed.rejected}
            />
          )}
          {refused.length > 0 && (
            <>
              <Alert
                type="warning"
                showIcon
                role="alert"
                message={`Đã thực hiện ${dossiers.length - refused.length} hồ sơ; ${refused.length} hồ sơ không thực hiện được`}
                style={{ margin: '12px 0' }}
              />
              <List
                size="small"
                aria-label="Hồ sơ không thực hiện được"
                dataSource={refused}
                renderItem={(r) => (
                  <List.Item>
                    <strong>{codeOf(r.id)}</strong>: {shownProblem(r.problem ?? { title: '', status: r.status }).detail}
                  </List.Item>
                )}
              />
            </>
          )}
        </>
      ) : (
        <Form form={form} layout="vertical" onFinish={submit} initialValues={action === 'approve' ? { decision: 'APPROVED' } : {}}>
          {fields[action]}
        </Form>
      )}
      <ProblemAlert error={error} message={`${ACTION_TERMS[action]} không thực hiện được`} />
    </Modal>
  );
}
