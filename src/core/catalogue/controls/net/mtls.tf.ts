/**
 * ARG-NET-005 in Terraform, where Terraform shows a mesh or a cluster that the AI workload
 * itself uses; everything else is left to the Kubernetes detector (PeerAuthentication).
 * - AWS App Mesh virtual nodes: listener TLS in STRICT mode (PERMISSIVE accepts plain text).
 * - AKS clusters in the same root module as the AI workload: the Istio-based service mesh add-on (`service_mesh_profile`).
 * - GKE: a fleet `servicemesh` feature (Cloud Service Mesh) in the same configuration.
 */
import { get, str } from '../../../facts';
import type { Detector, DetectorContext, DetectorOutcome } from '../../types';
import { q } from '../tf-net-util/hcl';
import { ev, fixOf, gap, inScope, listOf, met, setAttribute, unknown } from '../tf-net-util';
import { checksDetector } from '../compose';

function appMesh(ctx: DetectorContext, out: DetectorOutcome[]): void {
  for (const n of inScope(ctx, 'aws_appmesh_virtual_node')) {
    const listeners = listOf(get(n, 'spec.listener'));
    if (listeners.length === 0) continue;
    listeners.forEach((l, i) => {
      const base = i === 0 ? 'spec.listener' : `spec.listener.${i}`;
      const mode = get(l, 'tls.mode');
      const name = str(n.attributes.name) ?? n.name ?? 'node';
      if (unknown(mode)) out.push(gap('unresolved', n, `${base}.tls.mode`, `listener${i}`, `The TLS mode of virtual node ${name} is computed, so whether mTLS is enforced is unknown.`));
      else if (str(mode) === 'STRICT') out.push(met(`Virtual node ${name} accepts only TLS connections.`, [ev(n, 'listener tls mode = "STRICT"', `${base}.tls.mode`)]));
      else if (mode !== undefined)
        out.push(gap('partial', n, `${base}.tls.mode`, `listener${i}`, `Virtual node ${name} accepts plain-text connections as well (tls mode = "${str(mode)}").`, [], [fixOf('Enforce TLS on the listener (STRICT)', 'unsafe', [setAttribute(ctx, n, `${base}.tls.mode`, q('STRICT'))])]));
      else out.push(gap('missing', n, base, `listener${i}`, `Virtual node ${name}'s listener has no TLS, so services in the mesh talk in plain text; add listener tls with an ACM Private CA certificate in STRICT mode.`));
    });
  }
}

function aks(ctx: DetectorContext, out: DetectorOutcome[]): void {
  for (const c of inScope(ctx, 'azurerm_kubernetes_cluster')) {
    const mode = get(c, 'service_mesh_profile.mode');
    if (unknown(mode)) out.push(gap('unresolved', c, 'service_mesh_profile.mode', 'mesh', 'The service mesh mode is computed, so whether mTLS is available is unknown.'));
    else if (str(mode) === 'Istio') out.push(met('The AKS cluster runs the Istio-based service mesh add-on; STRICT PeerAuthentication is judged in the Kubernetes manifests.', [ev(c, 'service_mesh_profile mode = "Istio"', 'service_mesh_profile.mode')]));
    else out.push(gap('missing', c, undefined, 'mesh', "The AKS cluster in the AI workload's configuration runs no service mesh, so pods talk to each other without mutual TLS; enable service_mesh_profile (Istio) and a STRICT PeerAuthentication."));
  }
}

function gke(ctx: DetectorContext, out: DetectorOutcome[]): void {
  const clusters = inScope(ctx, 'google_container_cluster');
  if (clusters.length === 0) return;
  const mesh = inScope(ctx, 'google_gke_hub_feature').find((f) => str(f.attributes.name) === 'servicemesh');
  for (const c of clusters) {
    if (mesh) out.push(met('Cloud Service Mesh is enabled for the fleet; STRICT mTLS is judged in the Kubernetes manifests.', [ev(mesh, 'gke hub feature "servicemesh"', 'name')]));
    else out.push(gap('missing', c, undefined, 'mesh', "The GKE cluster in the AI workload's configuration has no Cloud Service Mesh feature, so pods talk to each other without mutual TLS."));
  }
}

export const tfDetector: Detector = checksDetector('tf', ['aws', 'azure', 'gcp'], appMesh, aks, gke);
