import { useState } from 'react';
import { Button, Card, Select, Space, Table, Tag, Upload, Typography } from 'antd';
import type { Dossier } from '../api/types';
import { downloadAttachment, uploadAttachment } from '../api/queries';
import { dateTime } from '../format';
import { ProblemAlert } from './ProblemAlert';
import { FileSignatures } from './Signatures';

type Attachment = Dossier['attachments'][number];
type Purpose = Dossier['attachablePurposes'][number];

export const PURPOSE_TERMS: Record<Purpose, string> = {
  APPLICATION: 'Thành phần hồ sơ',
  SUPPLEMENT: 'Hồ sơ bổ sung',
  SCAN: 'Bản số hóa',
  RESULT: 'Kết quả giải quyết',
  WORKING_PAPER: 'Tài liệu thẩm định',
};

const STATUS_TERMS: Record<Attachment['status'], { label: string; color: string }> = {
  PENDING: { label: 'Đang tải lên', color: '#8a5a00' },
  AVAILABLE: { label: 'Đã kiểm tra', color: '#2e7d32' },
  REJECTED: { label: 'Bị từ chối', color: '#c62828' },
};

const ACCEPTED = ['application/pdf', 'image/jpeg', 'image/png'];

const size = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`);

/**
 * The dossier's files (tệp đính kèm): each with its purpose, size and check, downloaded through a
 * short-lived URL; and the upload of a new one when the official may attach one now (PDF, JPEG
 * or PNG, the server checks what was stored).
 */
export function Attachments({ dossier, onChanged }: { dossier: Dossier; onChanged: () => void }) {
  const purposes = dossier.attachablePurposes;
  const [purpose, setPurpose] = useState<Purpose | undefined>(purposes[0]);
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [rejected, setRejected] = useState<string>();
  const chosen = purpose && purposes.includes(purpose) ? purpose : purposes[0];
  const signed = dossier.attachments.filter((a) => a.status === 'AVAILABLE' && dossier.signings?.some((s) => s.status === 'SIGNED' && s.attachmentId === a.id));

  const download = async (a: Attachment) => {
    setFailure(undefined);
    try {
      await downloadAttachment(dossier, a.id);
    } catch (error) {
      setFailure(error);
    }
  };

  return (
    <Card title={<h2 className="card-title">Tệp đính kèm</h2>} style={{ marginTop: 16 }} data-testid="attachments">
      <ProblemAlert error={failure} message="Không xử lý được tệp" />
      {rejected && (
        <Typography.Paragraph type="danger" role="alert">
          Tệp bị từ chối: {rejected}
        </Typography.Paragraph>
      )}
      {chosen && (
        <Space wrap style={{ marginBottom: 12 }}>
          <Select<Purpose>
            aria-label="Loại tệp"
            value={chosen}
            onChange={setPurpose}
            style={{ width: 220 }}
            options={purposes.map((p) => ({ value: p, label: PURPOSE_TERMS[p] }))}
          />
          <Upload
            accept={ACCEPTED.join(',')}
            showUploadList={false}
            customRequest={async ({ file }) => {
              setBusy(true);
              setFailure(undefined);
              setRejected(undefined);
              try {
                const checked = await uploadAttachment(dossier, file as File, chosen);
                // The API's reason is for integrators (English): the official reads what to do.
                if (checked.status === 'REJECTED')
                  setRejected(`${(file as File).name} — nội dung tệp không khớp với loại hoặc dung lượng đã khai. Chỉ nhận tệp PDF, JPEG hoặc PNG.`);
              } catch (error) {
                setFailure(error);
              } finally {
                setBusy(false);
                onChanged();
              }
            }}
          >
            <Button loading={busy}>Tải tệp lên</Button>
          </Upload>
        </Space>
      )}
      <Table<Attachment>
        size="small"
        pagination={false}
        rowKey="id"
        dataSource={dossier.attachments.filter((a) => a.status !== 'REJECTED')}
        locale={{ emptyText: 'Chưa có tệp đính kèm' }}
        columns={[
          { title: 'Tên tệp', dataIndex: 'name' },
          { title: 'Loại', dataIndex: 'purpose', render: (p: Purpose) => PURPOSE_TERMS[p] },
          { title: 'Dung lượng', dataIndex: 'size', render: size },
          { title: 'Tải lên lúc', dataIndex: 'uploadedAt', render: dateTime },
          {
            title: 'Trạng thái',
            key: 'status',
            render: (_, a) => <Tag color={STATUS_TERMS[a.status].color}>{STATUS_TERMS[a.status].label}</Tag>,
          },
          {
            title: 'Tải về',
            key: 'download',
            render: (_, a) =>
              a.status === 'AVAILABLE' ? (
                <Button size="small" aria-label={`Tải về ${a.name}`} onClick={() => void download(a)}>
                  Tải về
                </Button>
              ) : null,
          },
        ]}
      />
      {signed.map((a) => (
        <FileSignatures key={a.id} dossier={dossier} attachment={a} />
      ))}
    </Card>
  );
}
