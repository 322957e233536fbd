// The subset of Docker Engine API v1.41 types Wharf uses, named as in the API's JSON (PascalCase fields).

export interface ContainerCreateBody {
  Image: string;
  Hostname?: string;
  Env?: string[];
  /** Overrides the image's ENTRYPOINT (Kubernetes `command`). */
  Entrypoint?: string[];
  /** Overrides the image's CMD (Kubernetes `args`). */
  Cmd?: string[];
  WorkingDir?: string;
  Labels?: Record<string, string>;
  ExposedPorts?: Record<string, object>;
  Tty?: boolean;
  OpenStdin?: boolean;
  StdinOnce?: boolean;
  AttachStdin?: boolean;
  AttachStdout?: boolean;
  AttachStderr?: boolean;
  StopSignal?: string;
  StopTimeout?: number;
  User?: string;
  HostConfig?: HostConfig;
  NetworkingConfig?: { EndpointsConfig: Record<string, EndpointSettings> };
}

export interface HostConfig {
  /** `bridge`, `host`, `none`, a network name, or `container:<id>` to join another container's netns. */
  NetworkMode?: string;
  Binds?: string[];
  Memory?: number;
  MemorySwap?: number;
  NanoCpus?: number;
  CpuShares?: number;
  Dns?: string[];
  DnsSearch?: string[];
  DnsOptions?: string[];
  ExtraHosts?: string[];
  PortBindings?: Record<string, { HostIp?: string; HostPort: string }[]>;
  RestartPolicy?: { Name: '' | 'no' | 'always' | 'on-failure' | 'unless-stopped'; MaximumRetryCount?: number };
  AutoRemove?: boolean;
  Privileged?: boolean;
  CapAdd?: string[];
  CapDrop?: string[];
  ReadonlyRootfs?: boolean;
  Init?: boolean;
  ShmSize?: number;
  LogConfig?: { Type: string; Config?: Record<string, string> };
}

export interface EndpointSettings {
  IPAMConfig?: { IPv4Address?: string };
  IPAddress?: string;
  Gateway?: string;
  NetworkID?: string;
  MacAddress?: string;
  Aliases?: string[];
}

export interface ContainerState {
  Status: 'created' | 'running' | 'paused' | 'restarting' | 'removing' | 'exited' | 'dead';
  Running: boolean;
  Paused: boolean;
  Restarting: boolean;
  OOMKilled: boolean;
  Dead: boolean;
  Pid: number;
  ExitCode: number;
  Error: string;
  StartedAt: string;
  FinishedAt: string;
}

export interface ContainerInspect {
  Id: string;
  Name: string;
  Created: string;
  Image: string;
  RestartCount: number;
  State: ContainerState;
  Config: ContainerCreateBody & { Labels: Record<string, string> };
  HostConfig: HostConfig;
  NetworkSettings: { IPAddress: string; Networks: Record<string, EndpointSettings> };
  LogPath?: string;
}

export interface ContainerSummary {
  Id: string;
  Names: string[];
  Image: string;
  ImageID: string;
  Command: string;
  Created: number;
  State: ContainerState['Status'];
  Status: string;
  Labels: Record<string, string>;
}

export interface ContainerWaitResult {
  StatusCode: number;
  Error?: { Message: string } | null;
}

export interface ExecCreateBody {
  Cmd: string[];
  AttachStdin?: boolean;
  AttachStdout?: boolean;
  AttachStderr?: boolean;
  Tty?: boolean;
  Env?: string[];
  WorkingDir?: string;
  User?: string;
  Privileged?: boolean;
  ConsoleSize?: [number, number];
}

export interface ExecInspect {
  ID: string;
  Running: boolean;
  ExitCode: number | null;
  ContainerID: string;
  Pid: number;
}

export interface ImageInspect {
  Id: string;
  RepoTags: string[];
  RepoDigests: string[];
  Size: number;
  Created: string;
  Config: { Entrypoint?: string[] | null; Cmd?: string[] | null; Env?: string[]; WorkingDir?: string };
}

export interface ImageSummary {
  Id: string;
  RepoTags: string[] | null;
  RepoDigests: string[] | null;
  Size: number;
  Created: number;
}

/** One line of `POST /images/create` progress. A line with `error` means the pull failed (the HTTP status was 200). */
export interface PullProgress {
  status?: string;
  id?: string;
  progress?: string;
  progressDetail?: { current?: number; total?: number };
  error?: string;
  errorDetail?: { message: string };
}

export interface NetworkInspect {
  Id: string;
  Name: string;
  Driver: string;
  IPAM: { Config: { Subnet?: string; Gateway?: string }[] };
  Containers?: Record<string, { Name: string; IPv4Address: string }>;
}

export interface NetworkCreateBody {
  Name: string;
  Driver?: string;
  CheckDuplicate?: boolean;
  IPAM?: { Config: { Subnet: string; Gateway?: string }[] };
  Options?: Record<string, string>;
  Labels?: Record<string, string>;
}

/** One `/events` message. */
export interface DockerEvent {
  Type: 'container' | 'image' | 'network' | 'volume' | 'daemon' | string;
  Action: string;
  Actor: { ID: string; Attributes: Record<string, string> };
  time: number;
  timeNano: number;
}

export interface VersionInfo {
  Version: string;
  ApiVersion: string;
  MinAPIVersion: string;
  Os: string;
  Arch: string;
  KernelVersion: string;
}

export interface SystemInfo {
  NCPU: number;
  MemTotal: number;
  OperatingSystem: string;
  KernelVersion: string;
  Architecture: string;
  ServerVersion: string;
  Containers: number;
  Images: number;
}
