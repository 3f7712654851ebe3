import { Card, Table } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { fetchMessages } from '../api/queries';
import type { Dossier, SentMessage } from '../api/types';
import { dateTime } from '../format';
import { MESSAGE_TERMS, NOTIFY_CHANNEL_TERMS } from '../glossary';
import { ProblemAlert } from './ProblemAlert';

/**
 * What the applicant was sent for this dossier (tin nhắn đã gửi): channel, what it told, when.
 * The API answers the text only to the officials who talk to the citizen; the column shows only then.
 */
export function SentMessages({ dossier }: { dossier: Pick<Dossier, 'commune' | 'id' | 'version'> }) {
  const messages = useQuery({
    // A new version may have sent a message: read again when the dossier changes.
    queryKey: ['messages', dossier.commune, dossier.id, dossier.version],
    queryFn: () => fetchMessages(dossier.commune, dossier.id),
  });
  const items = messages.data?.items ?? [];
  const withText = items.some((m) => m.text !== undefined);
  return (
    <Card title={<h2 className="card-title">Tin nhắn đã gửi</h2>} style={{ marginTop: 16 }} data-testid="messages">
      <ProblemAlert error={messages.error} message="Không đọc được tin nhắn đã gửi" />
      <Table<SentMessage>
        size="small"
        pagination={false}
        loading={messages.isPending}
        rowKey={(m) => `${m.version}-${m.channel}`}
        dataSource={items}
        locale={{ emptyText: 'Chưa gửi tin nhắn nào cho người nộp' }}
        columns={[
          { title: 'Thời điểm', dataIndex: 'at', render: dateTime },
          { title: 'Kênh', dataIndex: 'channel', render: (c: SentMessage['channel']) => NOTIFY_CHANNEL_TERMS[c] },
          { title: 'Thông báo', dataIndex: 'type', render: (t: SentMessage['type']) => MESSAGE_TERMS[t] ?? t },
          ...(withText ? [{ title: 'Nội dung', dataIndex: 'text', render: (t?: string) => t ?? '' }] : []),
        ]}
      />
    </Card>
  );
}
