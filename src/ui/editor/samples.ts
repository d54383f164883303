// Starter manifests for the editor's Samples menu, written for kubeplay: each applies cleanly to
// the simulated cluster and shows one idea, with comments saying what to watch.

export interface Sample {
  id: string;
  label: string;
  /** The tab name it opens as. */
  file: string;
  text: string;
}

export const SAMPLES: readonly Sample[] = [
  {
    id: 'pod',
    label: 'Pod',
    file: 'pod.yaml',
    text: `# A single Pod: the smallest thing Kubernetes runs.
# Apply it, then watch it go Pending → ContainerCreating → Running on the graph.
apiVersion: v1
kind: Pod
metadata:
  name: hello
  labels:
    app: hello
spec:
  containers:
  - name: web
    image: nginx:1.27
    ports:
    - containerPort: 80
    resources:
      requests:
        cpu: 100m
        memory: 64Mi
`,
  },
  {
    id: 'deployment',
    label: 'Deployment with probes',
    file: 'web.yaml',
    text: `# A Deployment keeps 3 replicas of a Pod running and rolls out changes.
# Change the image tag and apply again to watch a rolling update.
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    app: web
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
        ports:
        - containerPort: 80
        readinessProbe:
          httpGet:
            path: /
            port: 80
          periodSeconds: 5
        livenessProbe:
          httpGet:
            path: /
            port: 80
          initialDelaySeconds: 10
        resources:
          requests:
            cpu: 100m
            memory: 64Mi
          limits:
            memory: 128Mi
`,
  },
  {
    id: 'service',
    label: 'Service',
    file: 'service.yaml',
    text: `# A Service gives the Pods labelled app=web one stable address.
# Apply the Deployment sample first; the Service's endpoints are its ready Pods.
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
  - name: http
    port: 80
    targetPort: 80
  type: ClusterIP
`,
  },
  {
    id: 'statefulset',
    label: 'StatefulSet with claims',
    file: 'db.yaml',
    text: `# A StatefulSet: Pods with stable names (db-0, db-1) and one volume claim each.
# The headless Service gives each Pod its own DNS name.
apiVersion: v1
kind: Service
metadata:
  name: db
spec:
  clusterIP: None
  selector:
    app: db
  ports:
  - port: 6379
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: db
  replicas: 2
  selector:
    matchLabels:
      app: db
  template:
    metadata:
      labels:
        app: db
    spec:
      containers:
      - name: redis
        image: redis:7
        ports:
        - containerPort: 6379
        volumeMounts:
        - name: data
          mountPath: /data
  volumeClaimTemplates:
  - metadata:
      name: data
    spec:
      accessModes: ["ReadWriteOnce"]
      resources:
        requests:
          storage: 1Gi
`,
  },
  {
    id: 'daemonset',
    label: 'DaemonSet',
    file: 'node-agent.yaml',
    text: `# A DaemonSet runs one Pod on every node: add a node and it gets one too.
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: node-agent
spec:
  selector:
    matchLabels:
      app: node-agent
  template:
    metadata:
      labels:
        app: node-agent
    spec:
      tolerations:
      - key: node-role.kubernetes.io/control-plane
        operator: Exists
        effect: NoSchedule
      containers:
      - name: agent
        image: busybox:1.36
        command: ["sh", "-c", "while true; do echo collecting; sleep 30; done"]
`,
  },
  {
    id: 'job',
    label: 'Job',
    file: 'job.yaml',
    text: `# A Job runs Pods to completion: 3 completions, 2 at a time.
apiVersion: batch/v1
kind: Job
metadata:
  name: count
spec:
  completions: 3
  parallelism: 2
  backoffLimit: 2
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: count
        image: busybox:1.36
        command: ["sh", "-c", "for i in 1 2 3; do echo $i; sleep 2; done"]
`,
  },
  {
    id: 'cronjob',
    label: 'CronJob',
    file: 'cronjob.yaml',
    text: `# A CronJob creates a Job on a schedule (here every minute of virtual time).
apiVersion: batch/v1
kind: CronJob
metadata:
  name: tick
spec:
  schedule: "*/1 * * * *"
  successfulJobsHistoryLimit: 3
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
          - name: tick
            image: busybox:1.36
            command: ["sh", "-c", "date; echo tick"]
`,
  },
  {
    id: 'config',
    label: 'ConfigMap and Secret',
    file: 'config.yaml',
    text: `# Configuration kept outside the image: a ConfigMap, a Secret (base64 values),
# and a Pod reading both as environment variables.
apiVersion: v1
kind: ConfigMap
metadata:
  name: app-config
data:
  GREETING: hello
  LOG_LEVEL: info
---
apiVersion: v1
kind: Secret
metadata:
  name: app-secret
type: Opaque
stringData:
  PASSWORD: s3cr3t
---
apiVersion: v1
kind: Pod
metadata:
  name: configured
spec:
  containers:
  - name: app
    image: busybox:1.36
    command: ["sh", "-c", "echo $GREETING; sleep 3600"]
    envFrom:
    - configMapRef:
        name: app-config
    - secretRef:
        name: app-secret
`,
  },
  {
    id: 'ingress',
    label: 'Ingress',
    file: 'ingress.yaml',
    text: `# An Ingress routes HTTP by host and path to Services (here the web Service).
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
spec:
  rules:
  - host: web.example.com
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: web
            port:
              number: 80
`,
  },
  {
    id: 'rbac',
    label: 'RBAC: Role and RoleBinding',
    file: 'rbac.yaml',
    text: `# RBAC: a ServiceAccount allowed to read Pods in this namespace.
# (kubeplay stores RBAC objects; it does not enforce them.)
apiVersion: v1
kind: ServiceAccount
metadata:
  name: reader
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: pod-reader
rules:
- apiGroups: [""]
  resources: ["pods", "pods/log"]
  verbs: ["get", "list", "watch"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: reader-reads-pods
subjects:
- kind: ServiceAccount
  name: reader
roleRef:
  kind: Role
  name: pod-reader
  apiGroup: rbac.authorization.k8s.io
`,
  },
  {
    id: 'crd',
    label: 'CustomResourceDefinition',
    file: 'crontab-crd.yaml',
    text: `# A CustomResourceDefinition teaches the API a new kind, CronTab.
# Apply it, then the second document: the editor now knows CronTab's schema too.
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: crontabs.stable.example.com
spec:
  group: stable.example.com
  scope: Namespaced
  names:
    plural: crontabs
    singular: crontab
    kind: CronTab
    shortNames: ["ct"]
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            description: What to run and when.
            properties:
              cronSpec:
                type: string
                description: A cron schedule, e.g. "*/5 * * * *".
              image:
                type: string
                description: The container image to run.
              replicas:
                type: integer
                minimum: 1
---
apiVersion: stable.example.com/v1
kind: CronTab
metadata:
  name: my-crontab
spec:
  cronSpec: "*/5 * * * *"
  image: busybox:1.36
  replicas: 1
`,
  },
];
