import { useState } from 'react';
import { Button, Card, Checkbox, Col, Descriptions, Form, Input, InputNumber, Row, Select, Space, Steps, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { answer, api, ApiError } from '../api/http';
import { fetchCatalogue, transition } from '../api/queries';
import type { CreatedDossier, DocumentKind } from '../api/types';
import { useSession } from '../auth/session';
import { ProblemAlert } from '../components/ProblemAlert';
import { ACTION_TERMS, DEPARTMENT_TERMS, DOCUMENT_KIND_TERMS, TERMS } from '../glossary';
import { money } from '../format';

interface Checked {
  checked: boolean;
  kind: DocumentKind;
  count: number;
}

interface ApplicantFields {
  name: string;
  idNumber: string;
  phone?: string;
  email?: string;
  address: string;
  note?: string;
}

const kindOptions = Object.entries(DOCUMENT_KIND_TERMS).map(([value, label]) => ({ value, label }));

/**
 * The desk's reception: the procedure, its required documents as a checklist, the applicant,
 * then create and accept in one go and print the receipt. A retry after a failure reuses the
 * dossier already created (same idempotency key), never makes a second one.
 */
export default function Reception() {
  const session = useSession()!;
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<ApplicantFields>();
  const catalogue = useQuery({ queryKey: ['catalogue', session.claims.province], queryFn: () => fetchCatalogue(session.claims.province), staleTime: 300_000 });
  const [code, setCode] = useState<string>();
  const [documents, setDocuments] = useState<Record<string, Checked>>({});
  const [error, setError] = useState<unknown>();
  const [sending, setSending] = useState(false);
  const [created, setCreated] = useState<CreatedDossier>();
  const [idempotencyKey, setIdempotencyKey] = useState(() => crypto.randomUUID());
  // Province-wide reception: the desk may receive a dossier that another commune of the province decides.
  const [competent, setCompetent] = useState<string>(session.claims.commune!);
  const procedure = catalogue.data?.items.find((p) => p.code === code);
  const complete = !!procedure && procedure.requiredDocuments.every((name) => documents[name]?.checked);
  const commune = session.claims.commune!;

  const pick = (value: string) => {
    setCode(value);
    setCreated(undefined);
    setIdempotencyKey(crypto.randomUUID());
    setError(undefined);
    const next = catalogue.data?.items.find((p) => p.code === value);
    setDocuments(Object.fromEntries((next?.requiredDocuments ?? []).map((name) => [name, { checked: false, kind: 'ORIGINAL' as DocumentKind, count: 1 }])));
  };
  const setDocument = (name: string, change: Partial<Checked>) => setDocuments((all) => ({ ...all, [name]: { ...all[name]!, ...change } }));

  const run = async (accept: boolean) => {
    let applicant: ApplicantFields;
    try {
      applicant = await form.validateFields();
    } catch {
      return;
    }
    setSending(true);
    setError(undefined);
    try {
      const { note, ...person } = applicant;
      const dossier =
        created ??
        (await answer(
          api.POST('/v1/communes/{c}/dossiers', {
            params: { path: { c: commune }, header: { 'Idempotency-Key': idempotencyKey } },
            body: {
              procedureCode: code!,
              channel: 'IN_PERSON',
              applicant: {
                name: person.name,
                idNumber: person.idNumber,
                address: person.address,
                ...(person.phone ? { phone: person.phone } : {}),
                ...(person.email ? { email: person.email } : {}),
              },
              documents: Object.entries(documents)
                .filter(([, d]) => d.checked)
                .map(([name, d]) => ({ name, kind: d.kind, count: d.count })),
              ...(note ? { note } : {}),
              ...(competent !== commune ? { competentCommune: competent } : {}),
            },
          }),
        ));
      setCreated(dossier);
      void queryClient.invalidateQueries({ queryKey: ['worklist'] });
      if (!accept) {
        navigate(`/dossiers/${dossier.commune}/${dossier.id}`);
        return;
      }
      await transition(dossier, 'accept', { expectedVersion: dossier.version });
      navigate(`/dossiers/${dossier.commune}/${dossier.id}/receipt`, { state: { lookupSecret: dossier.lookupSecret } });
    } catch (failure) {
      setError(failure);
      // Refused input created nothing: the corrected form is a new request. A lost answer keeps the key.
      if (failure instanceof ApiError && failure.status >= 400 && failure.status < 500) setIdempotencyKey(crypto.randomUUID());
    } finally {
      setSending(false);
    }
  };

  return (
    <Card>
      <Typography.Title level={1} style={{ fontSize: 22, marginTop: 0 }}>
        Tiếp nhận hồ sơ trực tiếp
      </Typography.Title>
      <Steps
        size="small"
        style={{ marginBottom: 24 }}
        current={!procedure ? 0 : !complete ? 1 : 2}
        items={[{ title: 'Chọn thủ tục' }, { title: 'Kiểm tra giấy tờ' }, { title: 'Người nộp hồ sơ' }, { title: 'Tiếp nhận, in giấy hẹn' }]}
      />
      <ProblemAlert error={catalogue.error} message="Không tải được danh mục thủ tục" />
      <Row gutter={24}>
        <Col xs={24} lg={12}>
          <Typography.Title level={2} style={{ fontSize: 16 }}>
            1. Thủ tục hành chính
          </Typography.Title>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            aria-label="Thủ tục hành chính"
            placeholder="Chọn thủ tục"
            style={{ width: '100%' }}
            value={code}
            onChange={pick}
            loading={catalogue.isPending}
            options={(catalogue.data?.items ?? []).map((p) => ({ value: p.code, label: `${p.code} — ${p.name}` }))}
          />
          <Typography.Title level={2} style={{ fontSize: 16, marginTop: 16 }}>
            Xã có thẩm quyền giải quyết
          </Typography.Title>
          <Select
            aria-label="Xã có thẩm quyền giải quyết"
            style={{ width: '100%' }}
            value={competent}
            disabled={!!created}
            onChange={(value) => {
              setCompetent(value);
              setIdempotencyKey(crypto.randomUUID());
            }}
            options={(catalogue.data?.communes ?? [{ code: commune, name: commune }]).map((c) => ({
              value: c.code,
              label: c.code === commune ? `${c.name} (xã tiếp nhận)` : `${c.name} — tiếp nhận thay`,
            }))}
          />
          {procedure && (
            <>
              <Descriptions size="small" column={1} style={{ marginTop: 12 }}>
                <Descriptions.Item label="Phòng chuyên môn">{DEPARTMENT_TERMS[procedure.department]}</Descriptions.Item>
                <Descriptions.Item label="Thời hạn giải quyết">
                  {procedure.processing.kind === 'SAME_DAY' ? 'Trong ngày' : `${procedure.processing.days} ngày làm việc`}
                </Descriptions.Item>
                <Descriptions.Item label="Phí, lệ phí">
                  {procedure.fees?.length ? procedure.fees.map((f) => `${f.name}: ${money(f.amount)}`).join('; ') : 'Không thu'}
                </Descriptions.Item>
              </Descriptions>
              <Typography.Title level={2} style={{ fontSize: 16 }}>
                2. Giấy tờ phải nộp
              </Typography.Title>
              <fieldset style={{ border: 0, padding: 0, margin: 0 }} data-testid="checklist">
                <legend className="sr-only">Giấy tờ phải nộp</legend>
                {procedure.requiredDocuments.map((name) => (
                  <Space key={name} wrap style={{ display: 'flex', marginBottom: 8 }}>
                    <Checkbox checked={documents[name]?.checked} onChange={(e) => setDocument(name, { checked: e.target.checked })}>
                      {name}
                    </Checkbox>
                    <Select
                      aria-label={`Hình thức — ${name}`}
                      size="small"
                      style={{ width: 170 }}
                      value={documents[name]?.kind}
                      options={kindOptions}
                      onChange={(kind) => setDocument(name, { kind })}
                    />
                    <InputNumber
                      aria-label={`Số lượng — ${name}`}
                      size="small"
                      min={1}
                      max={1000}
                      value={documents[name]?.count}
                      onChange={(count) => setDocument(name, { count: count ?? 1 })}
                    />
                  </Space>
                ))}
              </fieldset>
              {!complete && (
                <Typography.Text type="warning">Hồ sơ chưa đủ giấy tờ: chỉ tạo hồ sơ, rồi yêu cầu bổ sung hoặc từ chối trên trang hồ sơ.</Typography.Text>
              )}
            </>
          )}
        </Col>
        <Col xs={24} lg={12}>
          <Typography.Title level={2} style={{ fontSize: 16 }}>
            3. Người nộp hồ sơ
          </Typography.Title>
          <Form form={form} layout="vertical" name="applicant" disabled={!procedure}>
            <Form.Item name="name" label="Họ và tên" rules={[{ required: true, whitespace: true, message: 'Nhập họ và tên' }]}>
              <Input maxLength={200} autoComplete="off" />
            </Form.Item>
            <Form.Item
              name="idNumber"
              label="Số định danh cá nhân (CCCD)"
              rules={[{ required: true, pattern: /^\d{12}$|^\d{9}$/, message: 'Số định danh có 12 chữ số (hoặc CMND 9 chữ số)' }]}
            >
              <Input inputMode="numeric" maxLength={12} autoComplete="off" />
            </Form.Item>
            <Form.Item name="phone" label="Số điện thoại" rules={[{ pattern: /^\+?\d{9,15}$/, message: 'Số điện thoại không hợp lệ' }]}>
              <Input inputMode="tel" maxLength={16} autoComplete="off" />
            </Form.Item>
            <Form.Item name="email" label="Thư điện tử" rules={[{ type: 'email', message: 'Thư điện tử không hợp lệ' }]}>
              <Input maxLength={254} autoComplete="off" />
            </Form.Item>
            <Form.Item name="address" label="Địa chỉ" rules={[{ required: true, whitespace: true, message: 'Nhập địa chỉ' }]}>
              <Input maxLength={500} autoComplete="off" />
            </Form.Item>
            <Form.Item name="note" label="Ghi chú">
              <Input.TextArea rows={2} maxLength={2000} />
            </Form.Item>
          </Form>
        </Col>
      </Row>
      <ProblemAlert error={error} message={created ? `Hồ sơ đã được tạo nhưng chưa ${ACTION_TERMS.accept.toLowerCase()}` : 'Không tạo được hồ sơ'} />
      <Space>
        <Button type="primary" disabled={!complete} loading={sending} onClick={() => void run(true)}>
          {TERMS.create} và {ACTION_TERMS.accept.toLowerCase()}
        </Button>
        <Button disabled={!procedure} loading={sending} onClick={() => void run(false)}>
          {created ? 'Mở hồ sơ đã tạo' : TERMS.create}
        </Button>
      </Space>
    </Card>
  );
}
