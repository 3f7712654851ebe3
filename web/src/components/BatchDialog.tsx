import { useState } from 'react';
import { Alert, App, AutoComplete, Form, Input, List, Modal, Radio } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { localCall } from '../api/http';
import { batchTransition } from '../api/queries';
import type { DossierSummary, Official, Page } from '../api/types';
import { ACTION_TERMS } from '../glossary';
import { ProblemAlert } from './ProblemAlert';

/** The steps a worklist takes for many dossiers at once. */
export type BatchAction = 'return' | 'assign' | 'issue' | 'approve';

type Result = { id: string; status: number; version?: number; problem?: { title: string; detail: string } };

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
  const commune = dossiers[0]!.commune;
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
        dossiers.map((d) => ({ id: d.id, expectedVersion: d.version, ...(body ? { body } : {}) })),
      );
      const failed = (results as Result[]).filter((r) => r.status !== 200);
      await queryClient.invalidateQueries({ queryKey: ['worklist'] });
      if (failed.length) setRefused(failed);
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
      </>
    ),
  };

  return (
    <Modal
      open
      title={`${ACTION_TERMS[action]} — ${dossiers.length} hồ sơ`}
      okText={refused ? 'Đóng' : ACTION_TERMS[action]}
      cancelText="Hủy"
      confirmLoading={sending}
      onOk={() => (refused ? onClose(true) : form.submit())}
      onCancel={() => onClose(Boolean(refused))}
      destroyOnHidden
    >
      {refused ? (
        <>
          <Alert
            type="warning"
            showIcon
            role="alert"
            message={`Đã thực hiện ${dossiers.length - refused.length} hồ sơ; ${refused.length} hồ sơ không thực hiện được`}
            style={{ marginBottom: 12 }}
          />
          <List
            size="small"
            aria-label="Hồ sơ không thực hiện được"
            dataSource={refused}
            renderItem={(r) => (
              <List.Item>
                <strong>{codeOf(r.id)}</strong>: {r.problem?.detail ?? r.problem?.title}
              </List.Item>
            )}
          />
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
