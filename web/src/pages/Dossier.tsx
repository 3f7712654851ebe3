import { useState } from 'react';
import { Alert, Button, Card, Col, Descriptions, Empty, Row, Space, Spin, Table, Tag, Timeline, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { fetchDossier } from '../api/queries';
import type { Action, Dossier } from '../api/types';
import { ActionDialog } from '../components/ActionDialog';
import { Attachments } from '../components/Attachments';
import { FeeReceipts } from '../components/FeeReceipts';
import { FormPrints } from '../components/FormPrints';
import { PaymentCard } from '../components/PaymentCard';
import { ProblemAlert } from '../components/ProblemAlert';
import { SentMessages } from '../components/SentMessages';
import { SIGNING_TERMS, SigningState, signerOf, signingPending } from '../components/Signatures';
import { TimelinessTag } from '../components/Terms';
import { ACTION_TERMS, actorLabel, CHANNEL_TERMS, DEPARTMENT_TERMS, DOCUMENT_KIND_TERMS, STATUS_TERMS, STEP_TERMS, TERMS } from '../glossary';
import { date, dateTime } from '../format';
import { commonName } from '../../../shared/domain/signing';

const HISTORY_TERMS: Record<string, string> = {
  ...ACTION_TERMS,
  submit: 'Nộp hồ sơ',
  reassign: 'Phân công lại',
  receive: 'Phòng nhận hồ sơ',
  'receive-result': 'Bộ phận một cửa nhận kết quả',
  'supplement-expired': 'Quá hạn bổ sung',
};

/** The history keeps a proposal's and a decision's outcome as its code before the note (`APPROVED: …`): shown in words. */
const OUTCOME_TERMS: Record<string, string> = {
  APPROVE: 'Đề xuất giải quyết',
  REJECT: 'Đề xuất từ chối',
  APPROVED: 'Phê duyệt',
  REJECTED: 'Từ chối',
};
const historyNote = (note?: string) => (note ?? '').replace(/^(APPROVE|REJECT|APPROVED|REJECTED): /, (_, code: string) => `${OUTCOME_TERMS[code]}: `);

/** Whether a hand-over over the queues is still on its way: the page follows it until it lands. */
const inTransit = (d: Dossier | undefined) => d?.status === 'IN_PROCESSING' && !!d.handoffs.at(-1) && !d.handoffs.at(-1)!.receivedAt;

export default function DossierPage() {
  const { commune = '', id = '' } = useParams();
  const queryClient = useQueryClient();
  const [action, setAction] = useState<Action>();
  const dossier = useQuery({
    queryKey: ['dossier', commune, id],
    queryFn: () => fetchDossier(commune, id),
    // Followed while a hand-over is on its way, or the leader's signature waits for the signing device.
    refetchInterval: (q) => (inTransit(q.state.data) ? 1_000 : signingPending(q.state.data) ? 2_000 : false),
  });

  if (dossier.isPending) return <Spin aria-label="Đang tải hồ sơ" />;
  if (dossier.isError) return <ProblemAlert error={dossier.error} message="Không mở được hồ sơ" />;
  const d = dossier.data;
  const reload = () => queryClient.invalidateQueries({ queryKey: ['dossier', commune, id] });

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <Space wrap align="center" style={{ width: '100%', justifyContent: 'space-between' }}>
          <div>
            <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
              {TERMS.dossier} {d.code ?? '(chưa có mã)'}
            </Typography.Title>
            <Typography.Text>{d.procedure.name}</Typography.Text>
          </div>
          <Space wrap>
            <Tag color="#1565c0" data-testid="status">
              {STATUS_TERMS[d.status]}
              {d.status === 'IN_PROCESSING' && d.step ? ` — ${STEP_TERMS[d.step]}` : ''}
            </Tag>
            <TimelinessTag value={d.timeliness} />
          </Space>
        </Space>
        {inTransit(d) && <Alert style={{ marginTop: 12 }} type="info" showIcon title="Hồ sơ đang được chuyển giữa bộ phận một cửa và phòng chuyên môn." />}
        <SigningState dossier={d} />
        <div role="group" aria-label="Thao tác" style={{ marginTop: 16, display: 'flex', gap: 8, flexWrap: 'wrap' }} data-testid="actions">
          {d.allowedActions.map((a) => (
            <Button
              key={a}
              type={a === 'refuse' || a === 'withdraw' ? 'default' : 'primary'}
              danger={a === 'refuse' || a === 'withdraw'}
              onClick={() => setAction(a)}
            >
              {ACTION_TERMS[a]}
            </Button>
          ))}
          {d.code && (
            <Link to={`/dossiers/${d.commune}/${d.id}/receipt`} style={{ alignSelf: 'center' }}>
              {d.status === 'AWAITING_PAYMENT' ? 'Thu phí, in giấy tiếp nhận (Mẫu 01)' : 'In giấy tiếp nhận (Mẫu 01)'}
            </Link>
          )}
        </div>
      </Card>
      {action && <ActionDialog action={action} dossier={d} onClose={() => setAction(undefined)} onChanged={reload} />}
      <Row gutter={16}>
        <Col xs={24} xl={14}>
          <Card title={<h2 className="card-title">Thông tin hồ sơ</h2>}>
            <Descriptions column={1} size="small" bordered>
              <Descriptions.Item label={TERMS.code}>{d.code ?? '—'}</Descriptions.Item>
              <Descriptions.Item label="Thủ tục">
                {d.procedure.code} — {d.procedure.name}
              </Descriptions.Item>
              <Descriptions.Item label="Phòng chuyên môn">{DEPARTMENT_TERMS[d.department]}</Descriptions.Item>
              <Descriptions.Item label="Hình thức nộp">{CHANNEL_TERMS[d.channel]}</Descriptions.Item>
              <Descriptions.Item label="Người nộp">{d.applicant.name}</Descriptions.Item>
              <Descriptions.Item label="Số định danh">{d.applicant.idNumber}</Descriptions.Item>
              <Descriptions.Item label="Điện thoại">{d.applicant.phone ?? '—'}</Descriptions.Item>
              <Descriptions.Item label="Thư điện tử">{d.applicant.email ?? '—'}</Descriptions.Item>
              <Descriptions.Item label="Địa chỉ">{d.applicant.address}</Descriptions.Item>
              <Descriptions.Item label="Ngày nộp">{dateTime(d.submittedAt)}</Descriptions.Item>
              <Descriptions.Item label="Ngày tiếp nhận">{dateTime(d.acceptedAt)}</Descriptions.Item>
              <Descriptions.Item label={TERMS.dueAt}>
                <span data-testid="due">{dateTime(d.dueAt)}</span>
                {d.extension && !d.extension.supersededAt && ` (hẹn ban đầu ${dateTime(d.extension.originalDueAt)})`}
              </Descriptions.Item>
              <Descriptions.Item label="Chuyên viên thụ lý">
                {d.assignee ? actorLabel(d.assignee, d.steps.findLast((s) => s.actor === d.assignee)?.actorName) : '—'}
              </Descriptions.Item>
              {d.supplementRequest && (
                <Descriptions.Item label="Yêu cầu bổ sung">
                  {d.supplementRequest.reason} — {d.supplementRequest.documents.join('; ')} (hạn {dateTime(d.supplementRequest.supplyBy)}
                  {d.supplementRequest.suppliedAt ? `, đã bổ sung ${dateTime(d.supplementRequest.suppliedAt)}` : ''})
                </Descriptions.Item>
              )}
              {d.proposal && (
                <Descriptions.Item label="Đề xuất">
                  {d.proposal.outcome === 'APPROVE' ? 'Giải quyết' : 'Không giải quyết'}: {d.proposal.summary}
                </Descriptions.Item>
              )}
              {d.review && (
                <Descriptions.Item label="Ý kiến trưởng phòng">{`${d.review.agree ? 'Đồng ý' : 'Không đồng ý'}: ${d.review.note}`}</Descriptions.Item>
              )}
              {d.extension && (
                <Descriptions.Item label={ACTION_TERMS.extend}>
                  {dateTime(d.extension.newDueAt)} — {d.extension.reason}
                </Descriptions.Item>
              )}
              {d.result && (
                <Descriptions.Item label="Kết quả">
                  {d.result.decision === 'APPROVED' ? 'Phê duyệt' : 'Từ chối'}: {d.result.note}
                </Descriptions.Item>
              )}
              {d.refusal && <Descriptions.Item label="Lý do từ chối">{d.refusal.reason}</Descriptions.Item>}
              {d.withdrawal && <Descriptions.Item label="Lý do rút hồ sơ">{d.withdrawal.reason}</Descriptions.Item>}
              {d.returnedAt && <Descriptions.Item label="Ngày trả kết quả">{dateTime(d.returnedAt)}</Descriptions.Item>}
            </Descriptions>
          </Card>
          <Card title={<h2 className="card-title">Giấy tờ</h2>} style={{ marginTop: 16 }}>
            <Table
              size="small"
              pagination={false}
              rowKey={(r, i) => `${r.name}-${i}`}
              dataSource={d.documents}
              columns={[
                { title: 'Tên giấy tờ', dataIndex: 'name' },
                { title: 'Loại', dataIndex: 'kind', render: (k: keyof typeof DOCUMENT_KIND_TERMS) => DOCUMENT_KIND_TERMS[k] },
                { title: 'Số lượng', dataIndex: 'count' },
              ]}
            />
          </Card>
          <Attachments dossier={d} onChanged={() => void reload()} />
          <PaymentCard dossier={d} />
          <FeeReceipts dossier={d} />
          <FormPrints dossier={d} />
          <SentMessages dossier={d} />
        </Col>
        <Col xs={24} xl={10}>
          <Card title={<h2 className="card-title">{TERMS.form06}</h2>} data-testid="form06">
            {d.steps.length === 0 ? (
              <Empty description="Hồ sơ chưa được tiếp nhận" />
            ) : (
              <Timeline
                items={d.steps.map((s) => ({
                  color: s.timeliness === 'LATE' ? 'red' : s.completedAt ? 'green' : 'blue',
                  content: (
                    <div>
                      <strong>{STEP_TERMS[s.step]}</strong> — {s.department === 'DESK' ? 'Bộ phận một cửa' : DEPARTMENT_TERMS[s.department]}
                      <div>Người thực hiện: {s.actor ? actorLabel(s.actor, s.actorName) : '—'}</div>
                      <div>Bắt đầu: {dateTime(s.startedAt)}</div>
                      <div>Hạn: {dateTime(s.dueAt)}</div>
                      <div>
                        Hoàn thành: {s.completedAt ? dateTime(s.completedAt) : 'đang thực hiện'} <TimelinessTag value={s.timeliness} />
                      </div>
                    </div>
                  ),
                }))}
              />
            )}
          </Card>
          {(d.signings?.length ?? 0) > 0 && (
            <Card title={<h2 className="card-title">Ký số kết quả</h2>} style={{ marginTop: 16 }} data-testid="signings">
              <Table
                size="small"
                pagination={false}
                rowKey="id"
                dataSource={d.signings}
                columns={[
                  { title: 'Chữ ký', dataIndex: 'role', render: (r: string) => (r === 'SEAL' ? 'Con dấu cơ quan' : 'Lãnh đạo') },
                  { title: 'Người ký', key: 'by', render: (_, s) => (s.role === 'SEAL' && s.certificate ? commonName(s.certificate.subject) : signerOf(s)) },
                  { title: 'Trạng thái', key: 'status', render: (_, s) => SIGNING_TERMS[s.status] },
                  { title: 'Thời điểm', key: 'at', render: (_, s) => dateTime(s.completedAt ?? s.startedAt) },
                ]}
              />
              {d.registration && (
                <p data-testid="registration">
                  Số, ký hiệu: {d.registration.symbol} — ban hành ngày {date(d.registration.issuedOn)} (số {d.registration.number} của sổ văn bản đi)
                </p>
              )}
            </Card>
          )}
          <Card title={<h2 className="card-title">Lịch sử xử lý</h2>} style={{ marginTop: 16 }}>
            <Table
              size="small"
              pagination={false}
              rowKey={(r, i) => `${r.at}-${i}`}
              dataSource={d.history}
              columns={[
                { title: 'Thời điểm', dataIndex: 'at', render: dateTime },
                { title: 'Thao tác', dataIndex: 'action', render: (a: string) => HISTORY_TERMS[a] ?? a },
                { title: 'Người thực hiện', key: 'actor', render: (_, h) => actorLabel(h.actor, h.actorName) },
                { title: 'Ghi chú', dataIndex: 'note', render: historyNote },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
