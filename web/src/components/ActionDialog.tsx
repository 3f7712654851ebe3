import { useState } from 'react';
import { Alert, App, AutoComplete, Button, DatePicker, Form, Input, InputNumber, Modal, Radio, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, localCall } from '../api/http';
import { fetchCatalogue, transition } from '../api/queries';
import type { Action, Dossier, DossierDocument, Official, Page } from '../api/types';
import { ACTION_TERMS, DOCUMENT_KIND_TERMS } from '../glossary';
import { ProblemAlert } from './ProblemAlert';
import { resultDraft } from '../../../shared/domain/signing';

const kindOptions = Object.entries(DOCUMENT_KIND_TERMS).map(([value, label]) => ({ value, label }));
const required = (message: string) => [{ required: true, whitespace: true, message }];

/** A wall-clock date and time picked in the dialog, read as Vietnam's time whatever the browser's zone. */
const vietnamIso = (v: Dayjs) => `${v.format('YYYY-MM-DDTHH:mm')}:00+07:00`;

function DocumentsField({ name }: { name: string }) {
  return (
    <Form.List name={name}>
      {(fields, { add, remove }) => (
        <>
          {fields.map((field) => (
            <Space key={field.key} align="baseline" wrap>
              <Form.Item name={[field.name, 'name']} rules={required('Nhập tên giấy tờ')}>
                <Input placeholder="Tên giấy tờ" aria-label="Tên giấy tờ" style={{ width: 260 }} />
              </Form.Item>
              <Form.Item name={[field.name, 'kind']} initialValue="ORIGINAL">
                <Select aria-label="Loại giấy tờ" options={kindOptions} style={{ width: 170 }} />
              </Form.Item>
              <Form.Item name={[field.name, 'count']} initialValue={1}>
                <InputNumber aria-label="Số lượng" min={1} max={1000} style={{ width: 80 }} />
              </Form.Item>
              <Button onClick={() => remove(field.name)}>Bỏ</Button>
            </Space>
          ))}
          <Button onClick={() => add({ name: '', kind: 'ORIGINAL', count: 1 })}>Thêm giấy tờ</Button>
        </>
      )}
    </Form.List>
  );
}

/** Whether the dossier's result is drafted as a file: the leader approves it with their digital signature. */
export const resultDrafted = (dossier: Dossier) => resultDraft(dossier) !== undefined;

/** The dialog of one action: its fields (a reason where the law asks for one), then the call. */
export function ActionDialog({
  action,
  dossier,
  onClose,
  onChanged,
}: {
  action: Action;
  dossier: Dossier;
  onClose: () => void;
  onChanged: () => Promise<unknown>;
}) {
  const [form] = Form.useForm();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [error, setError] = useState<unknown>();
  const [conflict, setConflict] = useState(false);
  const [sending, setSending] = useState(false);
  const catalogue = useQuery({
    queryKey: ['catalogue', dossier.province],
    queryFn: () => fetchCatalogue(dossier.province),
    enabled: action === 'request-supplement' || action === 'collect' || action === 'waive',
    staleTime: 300_000,
  });
  const specialists = useQuery({
    queryKey: ['local-officials'],
    queryFn: () => localCall<Page<Official>>('GET', '/_local/officials'),
    enabled: action === 'assign',
    retry: false,
    staleTime: 300_000,
  });
  const offered = catalogue.data?.items.find((p) => p.code === dossier.procedure.code);
  const requiredDocuments = offered?.requiredDocuments ?? [];
  const exemptionOptions = (offered?.exemptions ?? []).map((e) => ({ value: e.group, label: `${e.name} (miễn ${e.percent}%)`, percent: e.percent }));
  const method = Form.useWatch('method', form) as string | undefined;
  const signs = resultDrafted(dossier);
  const decision = Form.useWatch('decision', form) as string | undefined;
  // A drafted result is decided with the leader's digital signature: the choice and the button say so.
  const okText = action === 'approve' && signs ? (decision === 'REJECTED' ? 'Từ chối và ký số' : 'Phê duyệt và ký số') : ACTION_TERMS[action];

  const submit = async (values: Record<string, unknown>) => {
    setSending(true);
    setError(undefined);
    setConflict(false);
    const body: Record<string, unknown> = { ...values, expectedVersion: dossier.version };
    if (action === 'extend') body.newDueAt = vietnamIso(values.newDueAt as Dayjs);
    if (action === 'collect') {
      const { exemptionGroup, evidence, ...rest } = values;
      Object.assign(body, rest, { exemption: exemptionGroup ? { group: exemptionGroup, evidence } : undefined });
      delete body.exemptionGroup;
      delete body.evidence;
      if (!exemptionGroup) delete body.exemption;
    }
    // A result drafted as a file is approved with the leader's digital signature.
    if (action === 'approve' && signs) body.sign = true;
    if (action === 'issue') {
      if (!values.symbol) delete body.symbol;
      if (values.number === undefined || values.number === null) delete body.number;
      if (values.issuedOn) body.issuedOn = (values.issuedOn as Dayjs).format('YYYY-MM-DD');
      else delete body.issuedOn;
    }
    try {
      await transition(dossier, action, body);
      if (action === 'approve' && signs) message.info('Đang chờ xác nhận trên thiết bị ký');
      else message.success(`${ACTION_TERMS[action]}: đã thực hiện`);
      await Promise.all([onChanged(), queryClient.invalidateQueries({ queryKey: ['worklist'] })]);
      onClose();
    } catch (failure) {
      setError(failure);
      // Someone else changed the dossier: show it as it is now, keep what was typed.
      if (failure instanceof ApiError && failure.status === 409) {
        setConflict(true);
        await onChanged();
      }
    } finally {
      setSending(false);
    }
  };

  const reason = (label: string) => (
    <Form.Item name="reason" label={label} rules={required('Nhập lý do')}>
      <Input.TextArea rows={3} maxLength={2000} />
    </Form.Item>
  );
  const initial: Record<string, unknown> =
    action === 'supplement'
      ? { documents: (dossier.supplementRequest?.documents ?? ['']).map((name): DossierDocument => ({ name, kind: 'ORIGINAL', count: 1 })) }
      : action === 'propose'
        ? { outcome: 'APPROVE' }
        : action === 'review'
          ? { agree: true }
          : action === 'approve'
            ? { decision: 'APPROVED' }
            : action === 'collect'
              ? { method: 'CASH' }
              : {};

  const fields: Record<Action, React.ReactNode> = {
    collect: (
      <>
        <p data-testid="amount-due">
          Số tiền phải nộp: {(dossier.payment?.total ?? 0).toLocaleString('vi-VN')} đồng (
          {(dossier.payment?.lines ?? []).map((l) => `${l.name}: ${l.amount.toLocaleString('vi-VN')} đồng`).join('; ')})
        </p>
        <Form.Item name="method" label="Hình thức thu">
          <Radio.Group
            options={[
              { value: 'CASH', label: 'Tiền mặt' },
              { value: 'BANK_TRANSFER', label: 'Chuyển khoản (xác nhận đã nhận)' },
            ]}
          />
        </Form.Item>
        {method === 'BANK_TRANSFER' && (
          <Form.Item name="reference" label="Mã giao dịch ngân hàng" rules={required('Nhập mã giao dịch')}>
            <Input maxLength={64} />
          </Form.Item>
        )}
        <Form.Item name="exemptionGroup" label="Đối tượng miễn, giảm">
          <Select allowClear options={exemptionOptions} placeholder="Không miễn, giảm" />
        </Form.Item>
        <Form.Item noStyle shouldUpdate>
          {() =>
            form.getFieldValue('exemptionGroup') ? (
              <Form.Item name="evidence" label="Giấy tờ chứng minh" rules={required('Nhập giấy tờ chứng minh')}>
                <Input maxLength={500} />
              </Form.Item>
            ) : null
          }
        </Form.Item>
      </>
    ),
    waive: (
      <>
        <Form.Item name="group" label="Đối tượng được miễn" rules={required('Chọn đối tượng')}>
          <Select options={exemptionOptions.filter((o) => o.percent === 100)} />
        </Form.Item>
        <Form.Item name="evidence" label="Giấy tờ chứng minh" rules={required('Nhập giấy tờ chứng minh')}>
          <Input maxLength={500} />
        </Form.Item>
      </>
    ),
    refund: reason('Lý do hoàn trả'),
    accept: <p>Tiếp nhận hồ sơ, cấp mã hồ sơ và ngày hẹn trả kết quả, chuyển hồ sơ đến phòng chuyên môn.</p>,
    'request-supplement': (
      <>
        {reason('Lý do yêu cầu bổ sung')}
        <Form.Item name="documents" label="Giấy tờ cần bổ sung" rules={[{ required: true, message: 'Chọn hoặc nhập giấy tờ cần bổ sung' }]}>
          <Select mode="tags" options={requiredDocuments.map((value) => ({ value, label: value }))} placeholder="Chọn hoặc nhập tên giấy tờ" />
        </Form.Item>
      </>
    ),
    supplement: <DocumentsField name="documents" />,
    refuse: reason('Lý do từ chối tiếp nhận'),
    assign: (
      <Form.Item name="assignee" label="Chuyên viên thụ lý" rules={required('Chọn chuyên viên')}>
        <AutoComplete
          options={(specialists.data?.items ?? [])
            .filter((o) => o.roles.includes('SPECIALIST') && o.commune === dossier.commune && o.department === dossier.department)
            .map((o) => ({ value: o.sub, label: `${o.name} (${o.sub})` }))}
          placeholder="Mã cán bộ"
        />
      </Form.Item>
    ),
    propose: (
      <>
        <Form.Item name="outcome" label="Đề xuất">
          <Radio.Group
            options={[
              { value: 'APPROVE', label: 'Giải quyết' },
              { value: 'REJECT', label: 'Không giải quyết' },
            ]}
          />
        </Form.Item>
        <Form.Item name="summary" label="Tóm tắt kết quả thẩm định" rules={required('Nhập tóm tắt')}>
          <Input.TextArea rows={3} maxLength={4000} />
        </Form.Item>
      </>
    ),
    review: (
      <>
        <Form.Item name="agree" label="Ý kiến">
          <Radio.Group
            options={[
              { value: true, label: 'Đồng ý, trình lãnh đạo' },
              { value: false, label: 'Không đồng ý, trả lại chuyên viên' },
            ]}
          />
        </Form.Item>
        <Form.Item name="note" label="Nội dung" rules={required('Nhập nội dung')}>
          <Input.TextArea rows={3} maxLength={4000} />
        </Form.Item>
      </>
    ),
    approve: (
      <>
        <Form.Item name="decision" label="Quyết định">
          <Radio.Group
            options={[
              { value: 'APPROVED', label: signs ? 'Phê duyệt và ký số' : 'Phê duyệt' },
              { value: 'REJECTED', label: signs ? 'Từ chối và ký số (văn bản trả lời nêu lý do)' : 'Từ chối (văn bản trả lời nêu lý do)' },
            ]}
          />
        </Form.Item>
        <Form.Item name="note" label="Ý kiến" rules={required('Nhập ý kiến')}>
          <Input.TextArea rows={3} maxLength={4000} />
        </Form.Item>
        {signs && (
          <p data-testid="signs">
            Dự thảo kết quả được ký số bằng chứng thư số của đồng chí: sau khi bấm, xác nhận trên thiết bị ký. Hồ sơ chuyển sang bước Vào sổ, đóng dấu khi chữ
            ký được xác nhận.
          </p>
        )}
      </>
    ),
    issue: (
      <>
        <p>Vào sổ văn bản đi, đóng dấu kết quả đã ký và chuyển về bộ phận một cửa.</p>
        <Form.Item name="number" label="Số văn bản đi (để trống: số tiếp theo của sổ)">
          <InputNumber min={1} precision={0} />
        </Form.Item>
        <Form.Item name="symbol" label="Ký hiệu (để trống: số/QĐ-UBND)">
          <Input maxLength={40} placeholder="12/QĐ-UBND" />
        </Form.Item>
        <Form.Item name="issuedOn" label="Ngày ban hành (để trống: hôm nay)">
          <DatePicker format="DD/MM/YYYY" />
        </Form.Item>
      </>
    ),
    return: <p>Trả kết quả cho người nộp hồ sơ.</p>,
    withdraw: reason('Lý do rút hồ sơ'),
    extend: (
      <>
        <Form.Item name="newDueAt" label="Ngày hẹn trả mới" rules={[{ required: true, message: 'Chọn ngày hẹn mới' }]}>
          <DatePicker showTime={{ format: 'HH:mm' }} format="DD/MM/YYYY HH:mm" style={{ width: 220 }} />
        </Form.Item>
        {reason('Lý do gia hạn (phiếu xin lỗi và hẹn lại)')}
      </>
    ),
  };

  return (
    <Modal
      open
      title={ACTION_TERMS[action]}
      okText={okText}
      cancelText="Hủy"
      confirmLoading={sending}
      onOk={() => form.submit()}
      onCancel={onClose}
      width={action === 'supplement' ? 720 : 560}
      destroyOnHidden
    >
      {conflict && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title="Hồ sơ vừa được người khác thay đổi"
          description="Hồ sơ đã được tải lại. Kiểm tra thông tin mới rồi thực hiện lại; nội dung đã nhập được giữ nguyên."
          data-testid="conflict"
        />
      )}
      <ProblemAlert error={error} />
      <Form form={form} layout="vertical" initialValues={initial} onFinish={(v) => void submit(v)} name={`action-${action}`}>
        {fields[action]}
      </Form>
    </Modal>
  );
}
