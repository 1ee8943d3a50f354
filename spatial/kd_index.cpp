#include "spatial/kd_index.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <utility>

#include <nanoflann.hpp>

#include "core/error.hpp"
#include "spatial/format.hpp"

namespace neurowire::spatial {
namespace {

constexpr double epsilon = std::numeric_limits<double>::epsilon();

// nanoflann's view of the dims × N column-major coordinates; it references, never copies.
struct Cloud {
    const double* data;
    std::size_t dims;
    std::size_t count;

    std::size_t kdtree_get_point_count() const { return count; }
    double kdtree_get_pt(index_t i, std::size_t axis) const { return data[i * dims + axis]; }
    template <class Box>
    bool kdtree_get_bbox(Box&) const { return false; }
};

// nanoflann calls addPoint for every point it finds strictly inside worstDist() (a slightly larger
// search radius); we keep those within our own, exact and inclusive, limit on the minimum-image
// distance from the original query.
struct Collector {
    const double* query;
    const Extent* extent;
    const double* data;
    std::size_t dims;
    double search_sq;
    double limit_sq;
    std::vector<Neighbor>* out;

    double worstDist() const { return search_sq; }
    bool full() const { return true; }
    std::size_t size() const { return out->size(); }
    bool addPoint(double, index_t index) {
        const double d2 = squared_distance(query, data + static_cast<std::size_t>(index) * dims, *extent, dims);
        if (d2 <= limit_sq) out->push_back({index, d2});
        return true;
    }
};

// Per-dimension trees (fixed DIM lets nanoflann unroll its distance loops) behind one interface.
struct Tree {
    virtual ~Tree() = default;
    virtual void radius(const double* image, Collector& collector) const = 0;
    virtual std::size_t nearest(const double* image, std::size_t k, index_t* indices, double* d2) const = 0;
    virtual const std::vector<index_t>& permutation() const = 0;
    // Leaf ranges [begin, end) into permutation(), in tree order.
    virtual void leaves(std::vector<std::pair<std::size_t, std::size_t>>& out) const = 0;
};

template <int Dim>
struct FixedTree final : Tree {
    using Metric = nanoflann::L2_Simple_Adaptor<double, Cloud, double, index_t>;
    using Index = nanoflann::KDTreeSingleIndexAdaptor<Metric, Cloud, Dim, index_t>;
    Index index;

    FixedTree(const Cloud& cloud, std::size_t leaf_size)
        : index(Dim, cloud, nanoflann::KDTreeSingleIndexAdaptorParams(leaf_size)) {}

    void radius(const double* image, Collector& collector) const override {
        index.findNeighbors(collector, image, nanoflann::SearchParams(32, 0.0f, false));
    }
    std::size_t nearest(const double* image, std::size_t k, index_t* indices, double* d2) const override {
        return index.knnSearch(image, k, indices, d2);
    }
    const std::vector<index_t>& permutation() const override { return index.vAcc; }
    void leaves(std::vector<std::pair<std::size_t, std::size_t>>& out) const override {
        if (!index.root_node) return;
        std::vector<const typename Index::Node*> stack{index.root_node};
        while (!stack.empty()) {
            const auto* node = stack.back();
            stack.pop_back();
            if (!node->child1 && !node->child2) {
                out.emplace_back(node->node_type.lr.left, node->node_type.lr.right);
                continue;
            }
            // child2 first so that child1 is popped first: leaves come out in permutation order.
            if (node->child2) stack.push_back(node->child2);
            if (node->child1) stack.push_back(node->child1);
        }
    }
};

std::unique_ptr<Tree> make_tree(const Cloud& cloud, std::size_t leaf_size) {
    switch (cloud.dims) {
        case 1: return std::make_unique<FixedTree<1>>(cloud, leaf_size);
        case 2: return std::make_unique<FixedTree<2>>(cloud, leaf_size);
        default: return std::make_unique<FixedTree<3>>(cloud, leaf_size);
    }
}

}  // namespace

struct KdIndex::impl {
    const Positions* points;
    std::size_t dims;
    index_t count;
    Cloud cloud;
    std::unique_ptr<Tree> tree;
    std::vector<Bucket> buckets;
    std::array<bool, 3> periodic{};
    std::array<double, 3> side{};
    std::array<double, 3> wrap_low{};   // periodic axes: queries are wrapped into [wrap_low, wrap_low + side)
    std::array<double, 3> data_low{};   // bounding box of all points
    std::array<double, 3> data_high{};
    double data_scale = 0.0;            // largest magnitude among coordinates and sides

    // The shifted copies of one query coordinate on `axis` that can lie within `reach` of the data.
    void images_on_axis(std::size_t axis, double q, double reach, std::vector<double>& out) const;
    // All points with squared minimum-image distance <= limit_sq (any limit), sorted by index.
    void collect(const double* query, double limit_sq, std::vector<Neighbor>& out) const;
    // Calls visit(image) for every combination of per-axis images (each within reach[axis] of the
    // data on its axis) whose distance to the data's bounding box is within sqrt(search_sq).
    template <class Visit>
    void for_each_image(const double* query, const std::array<double, 3>& reach, double search_sq, Visit visit) const;
    double slack(const double* query, double radius) const;
    // A periodic coordinate moved by whole sides into [wrap_low, wrap_low + side).
    double wrap(std::size_t axis, double q) const {
        return q - side[axis] * std::floor((q - wrap_low[axis]) / side[axis]);
    }
};

double KdIndex::impl::slack(const double* query, double radius) const {
    // Shifted queries reach a point through other roundings than squared_distance does; a search a
    // few hundred ulps wider catches every point our exact filter then accepts.
    double scale = std::max(data_scale, radius);
    for (std::size_t axis = 0; axis < dims; ++axis) scale = std::max(scale, std::abs(query[axis]));
    return 256.0 * epsilon * scale + std::numeric_limits<double>::min();
}

void KdIndex::impl::images_on_axis(std::size_t axis, double q, double reach, std::vector<double>& out) const {
    out.clear();
    if (!periodic[axis]) {
        out.push_back(q);
        return;
    }
    const double length = side[axis];
    const double wrapped = wrap(axis, q);
    const double first = std::ceil((data_low[axis] - wrapped - reach) / length);
    const double last = std::floor((data_high[axis] - wrapped + reach) / length);
    for (double shift = first; shift <= last; shift += 1.0) out.push_back(wrapped + shift * length);
}

template <class Visit>
void KdIndex::impl::for_each_image(const double* query, const std::array<double, 3>& reach, double search_sq,
                                   Visit visit) const {
    std::array<std::vector<double>, 3> images;
    for (std::size_t axis = 0; axis < dims; ++axis) {
        images_on_axis(axis, query[axis], reach[axis], images[axis]);
        if (images[axis].empty()) return;   // no image comes near the data on this axis
    }
    std::array<std::size_t, 3> at{};
    double image[3];
    for (;;) {
        double gap_sq = 0.0;   // distance from this image to the data's bounding box
        for (std::size_t axis = 0; axis < dims; ++axis) {
            image[axis] = images[axis][at[axis]];
            const double gap = std::max({data_low[axis] - image[axis], image[axis] - data_high[axis], 0.0});
            gap_sq += gap * gap;
        }
        if (gap_sq <= search_sq) visit(static_cast<const double*>(image));
        std::size_t axis = 0;
        while (axis < dims && ++at[axis] == images[axis].size()) at[axis++] = 0;
        if (axis == dims) break;
    }
}

void KdIndex::impl::collect(const double* query, double limit_sq, std::vector<Neighbor>& out) const {
    out.clear();
    if (count == 0) return;
    const double radius = std::sqrt(limit_sq);
    const double search = radius + slack(query, radius);
    const double search_sq = search * search;
    Collector collector{query, &points->extent, cloud.data, dims, search_sq, limit_sq, &out};
    // A minimum image is never more than half a side away on a periodic axis, so larger limits
    // (k_nearest may ask for them) still need at most the neighbouring images.
    std::array<double, 3> reach{};
    for (std::size_t axis = 0; axis < dims; ++axis)
        reach[axis] = periodic[axis] ? std::min(search, 0.5 * side[axis] + slack(query, radius)) : search;
    std::size_t searches = 0;
    for_each_image(query, reach, search_sq, [&](const double* image) {
        tree->radius(image, collector);
        ++searches;
    });
    std::sort(out.begin(), out.end(), [](const Neighbor& a, const Neighbor& b) { return a.index < b.index; });
    // Two images can reach the same point (at exactly half a side); its distance is the same both times.
    if (searches > 1)
        out.erase(std::unique(out.begin(), out.end(),
                              [](const Neighbor& a, const Neighbor& b) { return a.index == b.index; }),
                  out.end());
}

KdIndex::KdIndex(const Positions& points, std::size_t leaf_size) : impl_(std::make_unique<impl>()) {
    const std::size_t dims = points.dims();
    if (dims < 1 || dims > 3)
        throw config_error("positions", "1 to 3 axes", std::to_string(dims) + " axes");
    if (leaf_size < 1) throw config_error("leaf_size", "at least 1", "0");
    const Extent& extent = points.extent;
    if (extent.any_periodic()) {
        check_extent(extent);
        if (extent.dims() != dims)
            throw config_error("extent", "one axis per coordinate (" + std::to_string(dims) + ")",
                               std::to_string(extent.dims()) + " axes");
    }
    impl& m = *impl_;
    m.points = &points;
    m.dims = dims;
    m.count = points.size();
    m.cloud = Cloud{points.coords.memptr(), dims, points.size()};
    for (std::size_t axis = 0; axis < dims; ++axis) {
        m.periodic[axis] = extent.is_periodic(axis);
        if (m.periodic[axis]) {
            m.side[axis] = extent.side(axis);
            m.wrap_low[axis] = extent.low(axis);
            m.data_scale = std::max({m.data_scale, std::abs(extent.low(axis)), std::abs(extent.high(axis)), m.side[axis]});
        }
        if (m.count > 0) {
            m.data_low[axis] = points.coords.row(axis).min();
            m.data_high[axis] = points.coords.row(axis).max();
            m.data_scale = std::max({m.data_scale, std::abs(m.data_low[axis]), std::abs(m.data_high[axis])});
        }
    }
    m.tree = make_tree(m.cloud, leaf_size);

    std::vector<std::pair<std::size_t, std::size_t>> ranges;
    m.tree->leaves(ranges);
    const std::vector<index_t>& order = m.tree->permutation();
    m.buckets.reserve(ranges.size());
    for (const auto& [begin, end] : ranges) {
        // nanoflann's split boxes are not kept and may be loose: the sampler needs the tight box.
        Bucket bucket{begin, end, {}, {}};
        bucket.low.fill(std::numeric_limits<double>::infinity());
        bucket.high.fill(-std::numeric_limits<double>::infinity());
        for (std::size_t slot = begin; slot < end; ++slot) {
            const double* p = m.cloud.data + static_cast<std::size_t>(order[slot]) * dims;
            for (std::size_t axis = 0; axis < dims; ++axis) {
                bucket.low[axis] = std::min(bucket.low[axis], p[axis]);
                bucket.high[axis] = std::max(bucket.high[axis], p[axis]);
            }
        }
        m.buckets.push_back(bucket);
    }
}

KdIndex::~KdIndex() = default;
KdIndex::KdIndex(KdIndex&&) noexcept = default;
KdIndex& KdIndex::operator=(KdIndex&&) noexcept = default;

void KdIndex::radius_search(const double* query, double radius, std::vector<Neighbor>& out) const {
    if (!std::isfinite(radius) || radius < 0.0)
        throw config_error("radius", "a finite radius >= 0", number_text(radius));
    for (std::size_t axis = 0; axis < impl_->dims; ++axis) {
        // Beyond half a side the minimum image is no longer the only image within reach.
        if (impl_->periodic[axis] && radius > 0.5 * impl_->side[axis])
            throw config_error("radius", "at most half the periodic side of axis " + std::to_string(axis) + " (" +
                                             number_text(0.5 * impl_->side[axis]) + ", the side is " +
                                             number_text(impl_->side[axis]) + ")",
                               number_text(radius));
    }
    impl_->collect(query, radius * radius, out);
}

std::vector<Neighbor> KdIndex::radius_search(const double* query, double radius) const {
    std::vector<Neighbor> out;
    radius_search(query, radius, out);
    return out;
}

std::vector<Neighbor> KdIndex::k_nearest(const double* query, std::size_t k) const {
    const impl& m = *impl_;
    if (k > m.count)
        throw config_error("k", "at most the number of points (" + std::to_string(m.count) + ")", std::to_string(k));
    if (k == 0) return {};
    // Any k distinct points bound the true k-th distance from above; the k nearest of the query
    // wrapped into the box (found by nanoflann) give a tight bound. An inclusive radius search at
    // that bound covers every image and settles ties by index, which nanoflann's strict,
    // visit-order-dependent k-NN cannot.
    double wrapped[3];
    for (std::size_t axis = 0; axis < m.dims; ++axis) {
        wrapped[axis] = m.periodic[axis] ? m.wrap(axis, query[axis]) : query[axis];
    }
    std::vector<index_t> indices(k);
    std::vector<double> d2(k);
    const std::size_t found = m.tree->nearest(wrapped, k, indices.data(), d2.data());
    double bound = 0.0;
    for (std::size_t j = 0; j < found; ++j)
        bound = std::max(bound, squared_distance(query, m.cloud.data + static_cast<std::size_t>(indices[j]) * m.dims,
                                                 m.points->extent, m.dims));
    const auto by_distance = [](const Neighbor& a, const Neighbor& b) {
        return a.squared_distance < b.squared_distance ||
               (a.squared_distance == b.squared_distance && a.index < b.index);
    };
    std::vector<Neighbor> out;
    m.collect(query, bound, out);
    std::sort(out.begin(), out.end(), by_distance);
    out.resize(k);
    return out;
}

const std::vector<Bucket>& KdIndex::buckets() const { return impl_->buckets; }
const std::vector<index_t>& KdIndex::indices() const { return impl_->tree->permutation(); }

double KdIndex::squared_distance_to_bucket(const double* query, const Bucket& bucket) const {
    const impl& m = *impl_;
    double sum = 0.0;
    for (std::size_t axis = 0; axis < m.dims; ++axis) {
        const double q = query[axis];
        const double low = bucket.low[axis];
        const double high = bucket.high[axis];
        double gap;
        if (!m.periodic[axis]) {
            // Rounding is monotone, so low - q never exceeds any member's p - q: a true lower bound.
            gap = q < low ? low - q : (q > high ? q - high : 0.0);
        } else {
            const double length = m.side[axis];
            const double width = high - low;
            if (width >= length) {
                gap = 0.0;
            } else {
                double offset = q - low;   // where q sits past the box's low edge, modulo the side
                if (offset < 0.0 || offset >= length) offset -= length * std::floor(offset / length);
                gap = offset <= width ? 0.0 : std::min(offset - width, length - offset);
                // The minimum image of a member rounds differently; shave a few ulps of the
                // magnitudes involved so the bound stays below every member's computed distance.
                gap = std::max(0.0, gap - 16.0 * epsilon * (length + std::abs(q) + std::abs(low) + std::abs(high)));
            }
        }
        sum += gap * gap;
    }
    return sum;
}

std::size_t KdIndex::dims() const { return impl_->dims; }
index_t KdIndex::size() const { return impl_->count; }
const Positions& KdIndex::points() const { return *impl_->points; }

}  // namespace neurowire::spatial
