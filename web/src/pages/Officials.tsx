import { useMemo, useState } from 'react';
import { App, Button, Card, Form, Input, Modal, Popconfirm, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { fetchOfficials, putOfficial } from '../api/queries';
import type { Department, OfficialInput, ProvinceOfficial as Official, Role } from '../api/types';
import { useSession } from '../auth/session';
import { ProblemAlert } from '../components/ProblemAlert';
import { DEPARTMENT_TERMS, ROLE_TERMS } from '../glossary';

/** The roles a province's administrator gives: a commune's posts and the province's inspector, never their own. */
const GIVEN_ROLES: Role[] = ['RECEPTION', 'DEPT_HEAD', 'SPECIALIST', 'LEADER', 'CLERK', 'PROVINCE_AUDITOR'];
/** The posts that belong to one department. */
const DEPARTMENT_ROLES: Role[] = ['DEPT_HEAD', 'SPECIALIST'];
/** The filter's value for the officials of the province itself, who have no commune. */
const PROVINCE_LEVEL = '__province__';

/** The province's officials first, then each commune's in the order of its posts, from the desk to the clerk. */
const POSTS: Role[] = ['PROVINCE_ADMIN', 'PROVINCE_AUDITOR', 'RECEPTION', 'DEPT_HEAD', 'SPECIALIST', 'LEADER', 'CLERK'];
const postOrder = (o: Official) => Math.min(...o.roles.map((r) => POSTS.indexOf(r)).filter((i) => i >= 0), POSTS.length);

interface Editing {
  /** Absent for a new official. */
  official?: Official;
}

type FormValues = OfficialInput & { username: string };

/**
 * "Cán bộ": the province's officials (the user pool), narrowed by commune and role; the
 * administrator appoints one, changes their roles, commune or department, disables or removes them.
 */
export default function Officials() {
  const session = useSession()!;
  const province = session.claims.province;
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [commune, setCommune] = useState<string>();
  const [role, setRole] = useState<Role>();
  const [editing, setEditing] = useState<Editing>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState<string>();
  const [form] = Form.useForm<FormValues>();
  const chosenRoles = Form.useWatch('roles', form) ?? [];

  const officials = useQuery({ queryKey: ['officials', province], queryFn: () => fetchOfficials(province) });
  const all = useMemo(() => officials.data ?? [], [officials.data]);
  const communes = useMemo(() => [...new Set(all.flatMap((o) => (o.commune ? [o.commune] : [])))].sort(), [all]);
  const shown = all
    .filter(
      (o) => (commune === undefined || (commune === PROVINCE_LEVEL ? !o.commune : o.commune === commune)) && (role === undefined || o.roles.includes(role)),
    )
    .sort((a, b) => (a.commune ?? '').localeCompare(b.commune ?? '') || postOrder(a) - postOrder(b) || a.name.localeCompare(b.name, 'vi'));

  const save = async (username: string, input: OfficialInput, done: string) => {
    setBusy(username);
    setError(undefined);
    try {
      await putOfficial(province, username, input);
      message.success(done);
      await queryClient.invalidateQueries({ queryKey: ['officials', province] });
      return true;
    } catch (failure) {
      setError(failure);
      return false;
    } finally {
      setBusy(undefined);
    }
  };

  const inputOf = (o: Official): OfficialInput => ({
    name: o.name,
    email: o.email,
    roles: o.roles,
    enabled: o.enabled,
    ...(o.phone ? { phone: o.phone } : {}),
    ...(o.commune ? { commune: o.commune } : {}),
    ...(o.department ? { department: o.department } : {}),
    ...(o.title ? { title: o.title } : {}),
  });

  const open = (official?: Official) => {
    setError(undefined);
    form.resetFields();
    form.setFieldsValue(official ? { username: official.username, ...inputOf(official) } : { enabled: true, roles: [] });
    setEditing({ ...(official ? { official } : {}) });
  };

  const submit = async () => {
    // A field left wrong shows its message under it; nothing is sent.
    const values = await form.validateFields().catch(() => undefined);
    if (!values) return;
    const { username, phone, commune: place, department, title, ...rest } = values;
    const input: OfficialInput = {
      ...rest,
      ...(phone ? { phone } : {}),
      ...(place ? { commune: place } : {}),
      ...(department && rest.roles.some((r) => DEPARTMENT_ROLES.includes(r)) ? { department } : {}),
      ...(title ? { title } : {}),
    };
    if (await save(username, input, editing?.official ? `Đã cập nhật cán bộ ${input.name}` : `Đã thêm cán bộ ${input.name}`)) setEditing(undefined);
  };

  const columns: ColumnsType<Official> = [
    { title: 'Họ và tên', key: 'name', render: (_, o) => <strong>{o.name}</strong> },
    { title: 'Tên đăng nhập', dataIndex: 'username' },
    { title: 'Chức vụ', key: 'title', render: (_, o) => o.title ?? '—' },
    { title: 'Vai trò', key: 'roles', render: (_, o) => o.roles.map((r) => <Tag key={r}>{ROLE_TERMS[r]}</Tag>) },
    { title: 'Xã', key: 'commune', render: (_, o) => o.commune ?? 'Cấp tỉnh' },
    { title: 'Phòng', key: 'department', render: (_, o) => (o.department ? DEPARTMENT_TERMS[o.department] : '—') },
    { title: 'Thư điện tử', dataIndex: 'email' },
    {
      title: 'Trạng thái',
      key: 'enabled',
      render: (_, o) => (o.enabled ? <Tag color="#2e7d32">Đang hoạt động</Tag> : <Tag color="#c62828">Đã khóa</Tag>),
    },
    {
      title: 'Thao tác',
      key: 'actions',
      render: (_, o) =>
        // An administrator's account is the operator's to change, not another administrator's.
        o.roles.includes('PROVINCE_ADMIN') ? null : (
          <Space>
            <Button size="small" onClick={() => open(o)} aria-label={`Sửa cán bộ ${o.name}`}>
              Sửa
            </Button>
            {o.enabled ? (
              <Popconfirm
                title={`Khóa tài khoản của ${o.name}?`}
                description="Cán bộ bị đăng xuất ngay trên mọi thiết bị và không đăng nhập được nữa."
                okText="Khóa"
                cancelText="Hủy"
                onConfirm={() => save(o.username, { ...inputOf(o), enabled: false }, `Đã khóa tài khoản của ${o.name}`)}
              >
                <Button size="small" danger loading={busy === o.username} aria-label={`Khóa tài khoản của ${o.name}`}>
                  Khóa
                </Button>
              </Popconfirm>
            ) : (
              <Button
                size="small"
                loading={busy === o.username}
                onClick={() => void save(o.username, { ...inputOf(o), enabled: true }, `Đã mở khóa tài khoản của ${o.name}`)}
                aria-label={`Mở khóa tài khoản của ${o.name}`}
              >
                Mở khóa
              </Button>
            )}
          </Space>
        ),
    },
  ];

  return (
    <Card>
      <Typography.Title level={1} style={{ fontSize: 22, marginTop: 0 }}>
        Cán bộ, công chức
      </Typography.Title>
      <Space wrap style={{ marginBottom: 16 }}>
        <Select
          aria-label="Lọc theo xã"
          placeholder="Tất cả các xã"
          allowClear
          style={{ width: 200 }}
          value={commune}
          onChange={setCommune}
          options={[...communes.map((c) => ({ value: c, label: c })), { value: PROVINCE_LEVEL, label: 'Cấp tỉnh' }]}
        />
        <Select
          aria-label="Lọc theo vai trò"
          placeholder="Tất cả vai trò"
          allowClear
          style={{ width: 260 }}
          value={role}
          onChange={setRole}
          options={[...GIVEN_ROLES, 'PROVINCE_ADMIN' as const].map((r) => ({ value: r, label: ROLE_TERMS[r] }))}
        />
        <Button type="primary" onClick={() => open()}>
          Thêm cán bộ
        </Button>
      </Space>
      {!editing && <ProblemAlert error={error ?? officials.error} message="Không thực hiện được" />}
      <Table<Official>
        rowKey="username"
        size="small"
        columns={columns}
        dataSource={shown}
        loading={officials.isLoading}
        pagination={{ pageSize: 50, showTotal: (total) => `${total} cán bộ` }}
        data-testid="officials"
      />
      <Modal
        open={!!editing}
        title={editing?.official ? `Sửa thông tin cán bộ — ${editing.official.name}` : 'Thêm cán bộ'}
        okText="Lưu"
        cancelText="Hủy"
        confirmLoading={busy !== undefined}
        onOk={() => void submit()}
        onCancel={() => {
          setEditing(undefined);
          setError(undefined);
        }}
        destroyOnHidden
      >
        <ProblemAlert error={error} message="Không lưu được" />
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item
            name="username"
            label="Tên đăng nhập"
            rules={[
              { required: true, message: 'Nhập tên đăng nhập' },
              { pattern: /^[^\s@]{1,128}$/u, message: 'Tên đăng nhập không có dấu cách hay ký tự @' },
            ]}
          >
            <Input disabled={!!editing?.official} autoComplete="off" />
          </Form.Item>
          <Form.Item name="name" label="Họ và tên" rules={[{ required: true, whitespace: true, message: 'Nhập họ và tên' }]}>
            <Input />
          </Form.Item>
          <Form.Item name="email" label="Thư điện tử" rules={[{ required: true, type: 'email', message: 'Nhập địa chỉ thư điện tử hợp lệ' }]}>
            <Input type="email" />
          </Form.Item>
          <Form.Item name="phone" label="Số điện thoại" rules={[{ pattern: /^(\+84|0)\d{9}$/, message: 'Số điện thoại dạng 0912345678 hoặc +84912345678' }]}>
            <Input />
          </Form.Item>
          <Form.Item name="roles" label="Vai trò" rules={[{ required: true, type: 'array', min: 1, message: 'Chọn ít nhất một vai trò' }]}>
            <Select mode="multiple" options={GIVEN_ROLES.map((r) => ({ value: r, label: ROLE_TERMS[r] }))} />
          </Form.Item>
          <Form.Item
            name="commune"
            label="Xã"
            rules={[{ required: chosenRoles.some((r) => r !== 'PROVINCE_AUDITOR'), message: 'Chọn xã nơi cán bộ làm việc' }]}
          >
            <Select allowClear options={communes.map((c) => ({ value: c, label: c }))} />
          </Form.Item>
          {chosenRoles.some((r) => DEPARTMENT_ROLES.includes(r)) && (
            <Form.Item name="department" label="Phòng" rules={[{ required: true, message: 'Chọn phòng chuyên môn' }]}>
              <Select options={(Object.keys(DEPARTMENT_TERMS) as Department[]).map((d) => ({ value: d, label: DEPARTMENT_TERMS[d] }))} />
            </Form.Item>
          )}
          <Form.Item name="title" label="Chức vụ">
            <Input placeholder="Ví dụ: Công chức Văn phòng – Thống kê" />
          </Form.Item>
          <Form.Item name="enabled" label="Được đăng nhập" valuePropName="checked">
            <Switch />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
